/**
 * How badly a branch needs the office's attention this morning: the morning review lists branches worst first
 * by this score. The rule is fixed and shown on the page:
 *
 *   5 × 未达标目标 (must-achieve or challenge targets missed in the current period)
 * + 3 × 未报数据 (targets whose current period is due and not reported)
 * + 4 × 逾期整改 (PDCA items and inspection findings past their due date and not closed)
 * + 1 × 未关闭整改 (other open PDCA items and findings)
 * + 2 × 逾期模块 (modules older than their cadence)
 * + 1 × 空白模块 (modules with nothing published)
 * + 1 × 待审草稿 (drafts waiting for approval; a slow review is the branch's problem too)
 * + 2 × 未答复心声 (voices to the branch not answered)
 * + 2 × 逾期发展步骤 (recruitment steps past their due date: a talk, a half-year assessment, an approval, a 转正)
 * + 3 × 组织生活逾期 (periods of this year's 三会一课, 主题党日, 组织生活会 over with nothing published)
 *
 * Ties are broken by the branch's code, so the order is stable from one morning to the next.
 */
export interface BranchSignals {
  redTargets: number;
  unreportedTargets: number;
  overduePdca: number;
  openPdca: number;
  overdueModules: number;
  emptyModules: number;
  draftsWaiting: number;
  unansweredVoices: number;
  overdueRecruitment: number;
  overdueOrgLife: number;
}

export const SCORE_WEIGHTS: Readonly<Record<keyof BranchSignals, number>> = {
  redTargets: 5,
  unreportedTargets: 3,
  overduePdca: 4,
  openPdca: 1,
  overdueModules: 2,
  emptyModules: 1,
  draftsWaiting: 1,
  unansweredVoices: 2,
  overdueRecruitment: 2,
  overdueOrgLife: 3,
};

/** What each signal is called on the review's columns and in a row's reasons. */
export const SIGNAL_LABELS: Readonly<Record<keyof BranchSignals, string>> = {
  redTargets: '未达标目标',
  unreportedTargets: '未报数据',
  overduePdca: '逾期整改',
  openPdca: '未关闭整改',
  overdueModules: '逾期模块',
  emptyModules: '空白模块',
  draftsWaiting: '待审草稿',
  unansweredVoices: '未答复心声',
  overdueRecruitment: '逾期发展步骤',
  overdueOrgLife: '组织生活逾期',
};

export const EMPTY_SIGNALS: Readonly<BranchSignals> = {
  redTargets: 0,
  unreportedTargets: 0,
  overduePdca: 0,
  openPdca: 0,
  overdueModules: 0,
  emptyModules: 0,
  draftsWaiting: 0,
  unansweredVoices: 0,
  overdueRecruitment: 0,
  overdueOrgLife: 0,
};

export function attentionScore(s: BranchSignals): number {
  let total = 0;
  for (const key of Object.keys(SCORE_WEIGHTS) as (keyof BranchSignals)[]) total += SCORE_WEIGHTS[key] * Math.max(0, s[key] || 0);
  return total;
}

/** Why a branch stands where it does: the biggest parts of its score, largest first (equal parts in the rule's order). */
export function topReasons(s: BranchSignals, n = 3): { label: string; count: number; points: number }[] {
  return (Object.keys(SCORE_WEIGHTS) as (keyof BranchSignals)[])
    .map((k) => ({ label: SIGNAL_LABELS[k], count: s[k] || 0, points: SCORE_WEIGHTS[k] * Math.max(0, s[k] || 0) }))
    .filter((r) => r.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, n);
}

/** Worst first; equal scores in code order. */
export function worstFirst<T extends { code: string; signals: BranchSignals }>(rows: T[]): (T & { score: number })[] {
  return rows.map((r) => ({ ...r, score: attentionScore(r.signals) })).sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
}
