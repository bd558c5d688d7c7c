import type { Direction, TargetKind, TargetPeriod, ValueKind } from '../../generated/prisma/enums.js';

/**
 * The board's fixed rules, shown as a legend on every board.
 *
 * Periods: a MONTHLY target has periods 1–12 (months), a QUARTERLY one 1–4 (quarters) of its year. A period opens
 * for reporting at its end (or `earlyDays` before it, within its last week) and must be reported within
 * REPORTING_GRACE_DAYS after its end. After that deadline the period is closed: only the office may report or
 * correct its figure, with a reason, and a figure first reported then is marked late. A period never opens early
 * by more than a week, so the month in progress is not reportable.
 *
 * Colour of a reported period (plan = the target value, the same every period):
 *
 * | status    | higher is better                      | lower is better                       |
 * | --------- | ------------------------------------- | ------------------------------------- |
 * | stretch   | challenge target, actual ≥ stretch    | challenge target, actual ≤ stretch    |
 * | met       | actual ≥ target                       | actual ≤ target                       |
 * | atRisk    | actual ≥ target − 10% of |target|     | actual ≤ target + 10% of |target|     |
 * | missed    | otherwise                             | otherwise                             |
 *
 * A period not reported is `unreported` once it has ended and `future` before. With a target of 0 the at-risk
 * band is empty: anything on the wrong side of 0 is missed.
 *
 * Year to date: the mean of the reported figures judged by the same rule; `unreported` when periods have ended
 * and none is reported, `future` when none has ended.
 */
export type CellStatus = 'stretch' | 'met' | 'atRisk' | 'missed' | 'unreported' | 'future';

export const REPORTING_GRACE_DAYS = 10;
export const MAX_EARLY_DAYS = 7;
export const AT_RISK_MARGIN = 0.1;

export const STATUS_LABELS: Record<CellStatus, string> = {
  stretch: '挑战达成',
  met: '达成',
  atRisk: '预警',
  missed: '未达成',
  unreported: '未报',
  future: '未到期',
};

export interface TargetRule {
  kind: TargetKind;
  direction: Direction;
  targetValue: number;
  stretchValue: number | null;
  period: TargetPeriod;
}

export interface PeriodRule {
  year: number;
  period: TargetPeriod;
  earlyDays: number;
}

const DAY = 86_400_000;

export function periodsOf(period: TargetPeriod): number {
  return period === 'MONTHLY' ? 12 : 4;
}

/** The first instant after the period (UTC midnight of the next month or quarter). */
export function periodEnd(year: number, period: TargetPeriod, n: number): Date {
  const month = period === 'MONTHLY' ? n : n * 3;
  return new Date(Date.UTC(year, month, 1));
}

/** The last instant a figure counts as on time. */
export function reportingDeadline(year: number, period: TargetPeriod, n: number): Date {
  return new Date(periodEnd(year, period, n).getTime() + REPORTING_GRACE_DAYS * DAY);
}

/** The first instant a period may be reported: its end, or `earlyDays` (0–7) before it. */
export function opensAt(year: number, period: TargetPeriod, n: number, earlyDays = 0): Date {
  const days = Math.min(Math.max(Math.trunc(earlyDays), 0), MAX_EARLY_DAYS);
  return new Date(periodEnd(year, period, n).getTime() - days * DAY);
}

export type PeriodWindow = 'future' | 'open' | 'closed';

/** Where a period stands for reporting at `now`: not yet open, open to the unit, or closed (the office only). */
export function periodWindow(t: PeriodRule, n: number, now: Date): PeriodWindow {
  if (now.getTime() < opensAt(t.year, t.period, n, t.earlyDays).getTime()) return 'future';
  return isClosed(t.year, t.period, n, now) ? 'closed' : 'open';
}

/** The period due now: the latest one that has opened (0 when none of the year has). */
export function duePeriod(t: PeriodRule, now: Date): number {
  let n = 0;
  for (let i = 1; i <= periodsOf(t.period); i++) if (periodWindow(t, i, now) !== 'future') n = i;
  return n;
}

/** Why a period may not be reported by this person now, or null when it may. */
export function periodRefusal(t: PeriodRule, n: number, now: Date, office: boolean): string | null {
  if (!Number.isInteger(n) || n < 1 || n > periodsOf(t.period)) return '请选择有效的统计期';
  const w = periodWindow(t, n, now);
  if (w === 'future') return '该统计期尚未结束，不能填报';
  if (w === 'closed' && !office) return '该统计期已过填报截止日，已关账，只能由党委办公室注明原因后补报或更正';
  return null;
}

export function hasEnded(year: number, period: TargetPeriod, n: number, now: Date): boolean {
  return now.getTime() >= periodEnd(year, period, n).getTime();
}

/** A closed period's figure can be corrected only by the office. */
export function isClosed(year: number, period: TargetPeriod, n: number, now: Date): boolean {
  return now.getTime() > reportingDeadline(year, period, n).getTime();
}

/** The latest period that has ended by `now` (0 when none of the year has). */
export function lastEndedPeriod(year: number, period: TargetPeriod, now: Date): number {
  let n = 0;
  for (let i = 1; i <= periodsOf(period); i++) if (hasEnded(year, period, i, now)) n = i;
  return n;
}

/** The period of the target that `date` falls in, or null when it is not in the target's year. */
export function periodOfDate(year: number, period: TargetPeriod, date: Date): number | null {
  if (date.getUTCFullYear() !== year) return null;
  const m = date.getUTCMonth() + 1;
  return period === 'MONTHLY' ? m : Math.ceil(m / 3);
}

/** How a reported figure stands against the target. */
export function judge(t: TargetRule, actual: number): Exclude<CellStatus, 'unreported' | 'future'> {
  const higher = t.direction === 'HIGHER';
  const atLeastAsGood = (a: number, b: number) => (higher ? a >= b : a <= b);
  if (t.kind === 'CHALLENGE' && t.stretchValue != null && atLeastAsGood(actual, t.stretchValue)) return 'stretch';
  if (atLeastAsGood(actual, t.targetValue)) return 'met';
  const margin = Math.abs(t.targetValue) * AT_RISK_MARGIN;
  if (higher ? actual >= t.targetValue - margin : actual <= t.targetValue + margin) return 'atRisk';
  return 'missed';
}

export function cellStatus(t: TargetRule & { year: number }, n: number, actual: number | null | undefined, now: Date): CellStatus {
  if (actual != null && Number.isFinite(actual)) return judge(t, actual);
  return hasEnded(t.year, t.period, n, now) ? 'unreported' : 'future';
}

export interface YearToDate {
  status: CellStatus;
  mean: number | null;
  reported: number;
  due: number;
  missed: number;
}

export function yearToDate(t: TargetRule & { year: number }, figures: Map<number, number>, now: Date): YearToDate {
  const due = lastEndedPeriod(t.year, t.period, now);
  const values = [...figures.values()].filter((v) => Number.isFinite(v));
  let missed = 0;
  for (const v of values) if (judge(t, v) === 'missed') missed++;
  if (!values.length) return { status: due > 0 ? 'unreported' : 'future', mean: null, reported: 0, due, missed };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { status: judge(t, mean), mean, reported: values.length, due, missed };
}

/** Whether a status counts as met for the assessment and the roll-up (met or better). */
export function isMet(s: CellStatus): boolean {
  return s === 'met' || s === 'stretch';
}

export const VALUE_KIND_LABELS: Record<ValueKind, string> = { COUNT: '计数（非负整数）', RATE: '比率（0–100）', NUMBER: '数值' };

/** A sensible kind for a unit of measure, for targets made before kinds existed and as the form's first guess. */
export function valueKindFor(uom: string): ValueKind {
  const u = uom.trim();
  if (u === '%' || u === '％') return 'RATE';
  if (['次', '人', '件', '个', '项', '篇', '名', '起', '场', '人次', '条'].includes(u)) return 'COUNT';
  return 'NUMBER';
}

export interface ValueRule {
  valueKind: ValueKind;
  minValue: number | null;
  maxValue: number | null;
}

/** The range a target's figures must fall in: the declared bounds, else the kind's own (a count ≥ 0, a rate 0–100). */
export function valueRange(t: ValueRule): { min: number | null; max: number | null; whole: boolean } {
  const kindMin = t.valueKind === 'NUMBER' ? null : 0;
  const kindMax = t.valueKind === 'RATE' ? 100 : null;
  return { min: t.minValue ?? kindMin, max: t.maxValue ?? kindMax, whole: t.valueKind === 'COUNT' };
}

/** Why a figure is impossible for the target, or null when it is possible. */
export function valueRefusal(t: ValueRule, v: number, uom = ''): string | null {
  const { min, max, whole } = valueRange(t);
  if (whole && !Number.isInteger(v)) return '该目标按次数计，请填写整数';
  if (min != null && max != null && (v < min || v > max)) return `实际值应在 ${min}–${max}${uom} 之间`;
  if (min != null && v < min) return `实际值不能小于 ${min}${uom}`;
  if (max != null && v > max) return `实际值不能大于 ${max}${uom}`;
  return null;
}
