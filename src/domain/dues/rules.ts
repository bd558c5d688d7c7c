import type { DuesCategory } from '../../generated/prisma/enums.js';
import { applyRate, percent, yuan } from './money.js';

export const DUES_CATEGORY_LABELS: Record<DuesCategory, string> = {
  ON_JOB: '在职党员（税后月工资）',
  RETIRED: '离退休党员（基本退休费）',
  LOW_INCOME: '学生、下岗失业、低保党员',
  BRANCH_FIXED: '支部核定固定金额',
};

/** The highest monthly base the portal takes without question: above it is almost surely a typing error. */
export const MAX_BASE_FEN = 20_000_000;

export interface RateRow {
  id: number;
  category: DuesCategory;
  aboveFen: number | null;
  upToFen: number | null;
  basisPoints: number | null;
  fixedFen: number | null;
  label: string;
}

export interface BaseRow {
  category: DuesCategory;
  baseFen: number | null;
  fixedFen: number | null;
}

export interface Due {
  dueFen: number;
  /** The rule that produced it, as shown beside the amount. */
  rule: string;
}

/** Whether a base falls in a rate row's bracket: above the lower bound (exclusive), up to the upper (inclusive). */
export const inBracket = (r: RateRow, fen: number) => (r.aboveFen == null || fen > r.aboveFen) && (r.upToFen == null || fen <= r.upToFen);

/** 应缴 for a month from a member's base and the rate table, with the rule; null when no rule applies. */
export function computeDue(base: BaseRow, rates: readonly RateRow[]): Due | null {
  if (base.category === 'BRANCH_FIXED') {
    if (base.fixedFen == null) return null;
    return { dueFen: base.fixedFen, rule: `支部核定固定金额 ${yuan(base.fixedFen)} 元` };
  }
  const own = rates.filter((r) => r.category === base.category);
  if (base.category === 'LOW_INCOME') {
    const r = own.find((x) => x.fixedFen != null);
    return r ? { dueFen: r.fixedFen!, rule: r.label } : null;
  }
  if (base.baseFen == null) return null;
  const r = own.find((x) => x.basisPoints != null && inBracket(x, base.baseFen!));
  if (!r) return null;
  return { dueFen: applyRate(base.baseFen, r.basisPoints!), rule: `${r.label}：${yuan(base.baseFen)} 元 × ${percent(r.basisPoints!)}` };
}
