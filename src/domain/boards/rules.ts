import type { Direction, TargetKind, TargetPeriod } from '../../generated/prisma/enums.js';

/**
 * The board's fixed rules, shown as a legend on every board.
 *
 * Periods: a MONTHLY target has periods 1–12 (months), a QUARTERLY one 1–4 (quarters) of its year. A period is
 * due once it has ended; its figure must be reported within REPORTING_GRACE_DAYS after that. A figure reported
 * later is marked late; after the deadline the period is closed and only the office may correct a figure.
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
