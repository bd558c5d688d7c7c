import type { Cadence, CriterionMethod, PdcaStage, TargetPeriod } from '../../generated/prisma/enums.js';
import { hasEnded, isClosed, isMet, judge, type TargetRule } from '../boards/rules.js';
import { freshness } from '../sites/freshness.js';

/**
 * The ratios of the computed criteria, from one branch's data for one quarter (pure; the queries are in
 * compute.service.ts). Each ratio comes with a note saying what it was made of, stored as the score's comment.
 *
 * | method            | ratio                                                                               | nothing to count |
 * | ----------------- | ----------------------------------------------------------------------------------- | ---------------- |
 * | ON_TIME_REPORTING | periods of the quarter reported on time / periods due                               | 0                |
 * | TARGETS_MET       | reported periods of the quarter judged met or stretch / reported periods            | 0                |
 * | PDCA_ON_TIME      | countermeasures due in the quarter closed by their due date / those due             | 1 (full marks)   |
 * | FINDINGS_ON_TIME  | the same for countermeasures of inspection findings                                 | 1 (full marks)   |
 * | MODULES_CURRENT   | PAGE/RECORDS modules current (or due soon) at quarter end / modules                 | 1                |
 * | INFO_UPDATES      | updates in the quarter / the criterion's norm, capped at 1                          | 0                |
 *
 * A monthly period belongs to the quarter of its month, a quarterly one to its quarter. A period is due once it
 * has ended and either its figure is in or its reporting deadline has passed (a period still inside its grace days
 * and not reported yet is not counted against the branch). Likewise a countermeasure counts once it is closed or
 * the end of its due date has passed. A branch without targets earns nothing for its board.
 */
export interface Ratio {
  ratio: number;
  note: string;
}

export const QUARTER_LABELS = ['第一季度', '第二季度', '第三季度', '第四季度'] as const;

/** The quarter as [start, end) in UTC, like the board's periods. */
export function quarterBounds(year: number, quarter: number): { start: Date; end: Date } {
  return { start: new Date(Date.UTC(year, (quarter - 1) * 3, 1)), end: new Date(Date.UTC(year, quarter * 3, 1)) };
}

export function periodsInQuarter(period: TargetPeriod, quarter: number): number[] {
  return period === 'MONTHLY' ? [quarter * 3 - 2, quarter * 3 - 1, quarter * 3] : [quarter];
}

export interface TargetData extends TargetRule {
  year: number;
  measurements: { period: number; actual: number; late: boolean }[];
}

const pct = (n: number, d: number) => `${n}/${d}`;

/** Reported on time: the figure is in and was not flagged late when it was recorded (rules.ts deadline). */
export function onTimeReporting(targets: TargetData[], quarter: number, now: Date): Ratio {
  let due = 0;
  let onTime = 0;
  for (const t of targets) {
    const figures = new Map(t.measurements.map((m) => [m.period, m]));
    for (const n of periodsInQuarter(t.period, quarter)) {
      const m = figures.get(n);
      if (!hasEnded(t.year, t.period, n, now) || (!m && !isClosed(t.year, t.period, n, now))) continue;
      due++;
      if (m && !m.late) onTime++;
    }
  }
  if (!due) return { ratio: 0, note: '本季度没有到期的目标数据' };
  return { ratio: onTime / due, note: `按时上报 ${pct(onTime, due)} 个期次` };
}

export function targetsMet(targets: TargetData[], quarter: number): Ratio {
  let reported = 0;
  let met = 0;
  for (const t of targets) {
    const periods = periodsInQuarter(t.period, quarter);
    for (const m of t.measurements) {
      if (!periods.includes(m.period) || !Number.isFinite(m.actual)) continue;
      reported++;
      if (isMet(judge(t, m.actual))) met++;
    }
  }
  if (!reported) return { ratio: 0, note: '本季度没有上报的目标数据' };
  return { ratio: met / reported, note: `达成 ${pct(met, reported)} 个期次` };
}

const DAY = 86_400_000;

/** Countermeasures due in the quarter (the caller picks them): closed by the end of their due date. */
export function closedOnTime(items: { dueDate: Date; stage: PdcaStage; closedAt: Date | null }[], now: Date, noun = '整改事项'): Ratio {
  let due = 0;
  let onTime = 0;
  for (const c of items) {
    const deadline = c.dueDate.getTime() + DAY;
    const closed = c.stage === 'CLOSED' && c.closedAt != null;
    if (!closed && deadline > now.getTime()) continue;
    due++;
    if (closed && c.closedAt!.getTime() < deadline) onTime++;
  }
  if (!due) return { ratio: 1, note: `本季度没有到期的${noun}` };
  return { ratio: onTime / due, note: `${noun}按期关闭 ${pct(onTime, due)} 项` };
}

/** Modules current at `at` (quarter end, or now if earlier) from each module's latest publication before then. */
export function modulesCurrent(modules: { id: number; cadence: Cadence }[], lastPublished: Map<number, Date>, at: Date): Ratio {
  if (!modules.length) return { ratio: 1, note: '没有需要更新的模块' };
  let current = 0;
  for (const m of modules) {
    const f = freshness(m.cadence, lastPublished.get(m.id), at);
    if (f === 'current' || f === 'due') current++;
  }
  return { ratio: current / modules.length, note: `季末及时更新 ${pct(current, modules.length)} 个模块` };
}

export function infoUpdates(count: number, norm: number | null): Ratio {
  if (!norm || norm <= 0) return { ratio: 0, note: '未设置满分所需条数' };
  return { ratio: Math.min(1, count / norm), note: `报送 ${count} 条（${norm} 条得满分）` };
}

export const METHOD_LABELS: Record<CriterionMethod, string> = {
  MANUAL: '人工评分',
  ON_TIME_REPORTING: '按时报数（自动）',
  TARGETS_MET: '目标达成（自动）',
  PDCA_ON_TIME: '整改按期关闭（自动）',
  FINDINGS_ON_TIME: '检查问题按期整改（自动）',
  MODULES_CURRENT: '模块及时更新（自动）',
  INFO_UPDATES: '信息报送（自动）',
  ORG_LIFE_ON_TIME: '组织生活按期召开（自动）',
};

export const METHOD_RULES: Record<CriterionMethod, string> = {
  MANUAL: '党务室按评分标准人工打分，并填写评分说明。',
  ON_TIME_REPORTING: '本季度到期的方针管理板目标期次中，在报数期限内上报的比例。',
  TARGETS_MET: '本季度已上报的目标期次中，达成或挑战达成的比例。',
  PDCA_ON_TIME: '本季度到期的整改事项（PDCA）中，在期限内经党务室核实关闭的比例；没有到期事项得满分。',
  FINDINGS_ON_TIME: '本季度到期的网上检查问题中，在整改期限内关闭的比例；没有到期问题得满分。',
  MODULES_CURRENT: '季度末，支部网站页面类和记录类模块处于“已更新”或“即将到期”状态的比例。',
  INFO_UPDATES: '本季度发布的信息条数除以满分所需条数，最高为 1。',
  ORG_LIFE_ON_TIME:
    '本季度结束的三会一课、主题党日、组织生活会等应开期次中，有已发布记录的比例；党委办公室认可说明的期次不计；没有应开期次得满分。',
};
