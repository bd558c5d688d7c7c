import type { DuesCategory } from '../../generated/prisma/enums.js';
import { percent, yuan } from './money.js';
import type { RateRow } from './rules.js';

/** A line of the rate table as checked: an existing row, or one about to be added (no id yet). */
export type RateLine = Omit<RateRow, 'id'>;

/** The highest rate the table takes (10%): the rules' highest is 2%, so more is almost surely a typing error. */
export const MAX_RATE_BP = 1000;

const NAMES: Record<DuesCategory, string> = {
  ON_JOB: '在职',
  RETIRED: '离退休',
  LOW_INCOME: '学生、下岗失业、低保党员',
  BRANCH_FIXED: '支部核定固定金额',
};

/** "3000.00–5000.00 元", "10000.00 元以上": a bracket as the office reads it (no lower bound is from 0). */
const range = (r: RateLine) => (r.upToFen == null ? `${yuan(r.aboveFen ?? 0)} 元以上` : `${yuan(r.aboveFen ?? 0)}–${yuan(r.upToFen)} 元`);

/** In-job and retiree brackets: rates only, from 0 up without gap or overlap, the last one open-ended. */
function bracketProblems(lines: readonly RateLine[], category: 'ON_JOB' | 'RETIRED'): string[] {
  const name = NAMES[category];
  // no lower bound sorts first: it starts at 0 inclusive, before a bracket "above 0"
  const own = lines.filter((r) => r.category === category).sort((a, b) => (a.aboveFen ?? -1) - (b.aboveFen ?? -1));
  if (!own.length) return [`${name}党员至少需要一档比例标准`];
  const out: string[] = [];
  for (const r of own) {
    if (r.upToFen != null && r.upToFen <= (r.aboveFen ?? 0)) out.push(`${name} ${range(r)}：上限应大于下限`);
    if (r.basisPoints == null) out.push(`${name} ${range(r)}：请填写比例`);
    else if (r.basisPoints <= 0 || r.basisPoints > MAX_RATE_BP)
      out.push(`${name} ${range(r)}：比例 ${percent(r.basisPoints)} 不在 0 到 ${percent(MAX_RATE_BP)} 之间`);
    if (r.fixedFen != null) out.push(`${name} ${range(r)}按比例交纳，不应填写固定金额`);
  }
  if (own[0].aboveFen != null) out.push(`${name}第一档应从 0 元起（“高于”留空），现为高于 ${yuan(own[0].aboveFen)} 元`);
  for (let i = 1; i < own.length; i++) {
    const [a, b] = [own[i - 1], own[i]];
    if (a.upToFen == null || b.aboveFen == null || b.aboveFen < a.upToFen) out.push(`${name} ${range(b)}与 ${range(a)}重叠`);
    else if (b.aboveFen > a.upToFen) out.push(`${name} ${yuan(a.upToFen)}–${yuan(b.aboveFen)} 元之间没有标准`);
  }
  const last = own[own.length - 1];
  if (last.upToFen != null) out.push(`${name}最后一档应不设上限（“不超过”留空），现到 ${yuan(last.upToFen)} 元为止`);
  return out;
}

/** Students, the unemployed and those on 低保: exactly one fixed monthly amount, nothing else. */
function lowIncomeProblems(lines: readonly RateLine[]): string[] {
  const name = NAMES.LOW_INCOME;
  const own = lines.filter((r) => r.category === 'LOW_INCOME');
  if (!own.length) return [`${name}须有一条固定金额标准（每月 0.20 元），不能删除`];
  const out = own.length > 1 ? [`${name}只能有一条固定金额标准，现有 ${own.length} 条`] : [];
  for (const r of own) {
    if (r.fixedFen == null || r.fixedFen <= 0) out.push(`${name}的标准应填写固定金额（如 0.20 元）`);
    if (r.aboveFen != null || r.upToFen != null || r.basisPoints != null) out.push(`${name}按固定金额交纳，不应填写区间或比例`);
  }
  return out;
}

/** The branch-set amount is set per member on their base: the table holds at most one line that explains it. */
function branchFixedProblems(lines: readonly RateLine[]): string[] {
  const name = NAMES.BRANCH_FIXED;
  const own = lines.filter((r) => r.category === 'BRANCH_FIXED');
  const out = own.length > 1 ? [`${name}只需一条说明，现有 ${own.length} 条`] : [];
  if (own.some((r) => r.aboveFen != null || r.upToFen != null || r.basisPoints != null || r.fixedFen != null))
    out.push(`${name}由支部为每名党员核定，此行只写说明，不应填写区间、比例或金额`);
  return out;
}

/**
 * What would make the whole rate table wrong, one sentence each (empty when it is sound): checked on every edit, add
 * and delete before the change is written, so that every base finds exactly one rule.
 */
export function rateTableProblems(lines: readonly RateLine[]): string[] {
  return [
    ...bracketProblems(lines, 'ON_JOB'),
    ...bracketProblems(lines, 'RETIRED'),
    ...lowIncomeProblems(lines),
    ...branchFixedProblems(lines),
  ];
}
