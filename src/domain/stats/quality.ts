/**
 * The arithmetic of the quarterly statistics, without a database: averages, shares, the information-quality
 * score and the change against the previous quarter.
 *
 * 信息质量分 (information-quality score), 0–100, shown as a legend under every quarter's table:
 *
 * | part                     | rule                                                                                  |
 * | ------------------------ | ------------------------------------------------------------------------------------- |
 * | start                    | 100                                                                                   |
 * | 退回率 (sent back share)  | − 30 × sent back ÷ (updates published + sent back); nothing decided: no deduction     |
 * | 未及时更新 (stale share)  | − 40 × (tracked modules − current ones) ÷ tracked modules; none tracked: no deduction |
 * | 撤下 (taken down)         | − 10 for each publication the office took down, at most − 30                          |
 * | 审核时长 (review time)    | − 5 for each full day the average review took beyond 3 days, at most − 20            |
 * | no update at all         | a unit that published nothing in the quarter scores at most 40                        |
 *
 * The result is clamped to 0–100 and rounded to a whole number.
 */
export interface QualityInput {
  updates: number;
  sentBack: number;
  takenDown: number;
  modulesCurrent: number;
  modulesTracked: number;
  /** Average review time in hours; null when nothing submitted was decided. */
  avgReviewHours: number | null;
}

export const QUALITY_RULE = {
  sentBackWeight: 30,
  staleWeight: 40,
  takenDownEach: 10,
  takenDownMax: 30,
  reviewGraceHours: 72,
  reviewPerDay: 5,
  reviewMax: 20,
  noUpdateCap: 40,
} as const;

/** The rule in words, for the legend under the table and the workbook (one source for both). */
export const QUALITY_RULE_LINES: [string, string][] = (() => {
  const r = QUALITY_RULE;
  return [
    ['起点', '100 分'],
    ['退回率', `减 ${r.sentBackWeight} × 退回修改 ÷（信息更新 + 退回修改）`],
    ['未及时更新', `减 ${r.staleWeight} ×（应更新模块 − 及时更新模块）÷ 应更新模块`],
    ['被撤下', `每条减 ${r.takenDownEach} 分，最多减 ${r.takenDownMax} 分`],
    ['审核时长', `平均审核时长超过 ${r.reviewGraceHours / 24} 天的，每满 1 天减 ${r.reviewPerDay} 分，最多减 ${r.reviewMax} 分`],
    ['无信息更新', `本季度没有信息更新的，最高 ${r.noUpdateCap} 分`],
    ['取整', '结果限定在 0–100 分，四舍五入取整'],
  ];
})();

/** a ÷ b, or 0 when there is nothing to divide by. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** The review-time deduction: 5 per full day beyond three days, at most 20. */
export function reviewDeduction(avgHours: number | null): number {
  if (avgHours == null) return 0;
  const days = Math.floor(Math.max(0, avgHours - QUALITY_RULE.reviewGraceHours) / 24);
  return Math.min(QUALITY_RULE.reviewMax, days * QUALITY_RULE.reviewPerDay);
}

export function qualityScore(x: QualityInput): number {
  const r = QUALITY_RULE;
  let score = 100;
  score -= r.sentBackWeight * share(x.sentBack, x.updates + x.sentBack);
  score -= r.staleWeight * share(Math.max(0, x.modulesTracked - x.modulesCurrent), x.modulesTracked);
  score -= Math.min(r.takenDownMax, x.takenDown * r.takenDownEach);
  score -= reviewDeduction(x.avgReviewHours);
  if (x.updates === 0) score = Math.min(score, r.noUpdateCap);
  return Math.round(Math.min(100, Math.max(0, score)));
}

/** Average hours, one decimal; null when there is nothing to average. */
export function averageHours(totalHours: number, count: number): number | null {
  return count > 0 ? Math.round((totalHours / count) * 10) / 10 : null;
}

/** The change against the previous quarter; null when there is no previous figure to compare with. */
export function change(current: number | null, previous: number | null | undefined): number | null {
  if (current == null || previous == null) return null;
  return Math.round((current - previous) * 10) / 10;
}

/** The office's rating: 优, 良, 中, 差. */
export const RATING_LABELS = { EXCELLENT: '优', GOOD: '良', FAIR: '中', POOR: '差' } as const;
export type Rating = keyof typeof RATING_LABELS;
export const RATINGS = ['EXCELLENT', 'GOOD', 'FAIR', 'POOR'] as const satisfies readonly Rating[];
export const RATING_COMMENT_MAX = 200;
