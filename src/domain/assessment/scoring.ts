import type { CriterionMethod } from '../../generated/prisma/enums.js';

/**
 * The assessment's arithmetic, as pure functions (shown as a legend on the overview):
 *
 * - A criterion's score is `maxScore × ratio` for a computed criterion (the ratio clamped to 0..1) and the hand
 *   score clamped to 0..maxScore for a MANUAL one. Computed scores are derived from their stored ratio each time,
 *   so changing a criterion's maximum rescales them without recomputing.
 * - A branch's quarter total is `Σ(score / maxScore × weight) / Σ weight × 100`: weights are relative, they need
 *   not add up to 100 (weights 15 and 5 mean 3 : 1). A criterion without a score counts 0; a branch without any
 *   score in the quarter has no total (it was not assessed). With every weight 0 there is no total either.
 * - Totals are never stored: changing a weight recomputes every total, published quarters included.
 * - The year result is the mean of the branch's totals over the published quarters (a partial year is the mean
 *   of the quarters published so far).
 * - Ranking: highest first, compared at two decimals (as shown); equal values share a rank and the next rank is
 *   skipped (1, 2, 2, 4). Branches without a result are not ranked.
 */
export interface ScoredCriterion {
  id: number;
  method: CriterionMethod;
  weight: number;
  maxScore: number;
}

export interface StoredScore {
  score: number;
  ratio: number | null;
}

export function clamp(x: number, lo: number, hi: number): number {
  if (!Number.isFinite(x)) return lo;
  return Math.min(hi, Math.max(lo, x));
}

/** A ratio kept to 0..1 (NaN, from 0/0, is 0). */
export function clampRatio(r: number): number {
  return clamp(r, 0, 1);
}

export function scoreFromRatio(maxScore: number, ratio: number): number {
  return Math.max(0, maxScore) * clampRatio(ratio);
}

export function manualScore(maxScore: number, score: number): number {
  return clamp(score, 0, Math.max(0, maxScore));
}

/** What a stored score is worth now under the criterion's current maximum. */
export function criterionScore(c: Pick<ScoredCriterion, 'method' | 'maxScore'>, s: StoredScore): number {
  if (c.method !== 'MANUAL' && s.ratio != null) return scoreFromRatio(c.maxScore, s.ratio);
  return manualScore(c.maxScore, s.score);
}

/** A branch's quarter total on 0..100 from its scores by criterion id; null when it has no score or no weight. */
export function quarterTotal(criteria: ScoredCriterion[], scores: Map<number, StoredScore>): number | null {
  if (!criteria.some((c) => scores.has(c.id))) return null;
  let weights = 0;
  let sum = 0;
  for (const c of criteria) {
    const w = Math.max(0, c.weight);
    weights += w;
    const s = scores.get(c.id);
    if (s && c.maxScore > 0) sum += (criterionScore(c, s) / c.maxScore) * w;
  }
  return weights > 0 ? (sum / weights) * 100 : null;
}

/** The mean of the published quarters' totals (those the branch has); null when it has none. */
export function yearResult(publishedTotals: (number | null | undefined)[]): number | null {
  const values = publishedTotals.filter((t): t is number => t != null && Number.isFinite(t));
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

/** Competition ranks (1, 2, 2, 4) for the values in input order, highest first; null values get no rank. */
export function ranks(values: (number | null)[]): (number | null)[] {
  const keyed = values.map((v) => (v == null ? null : round2(v)));
  return keyed.map((v) => (v == null ? null : 1 + keyed.filter((o) => o != null && o > v).length));
}
