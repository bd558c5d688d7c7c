import type { Db } from '../../db/client.js';
import type { RoundStatus } from '../../generated/prisma/enums.js';
import { criterionScore, quarterTotal, ranks, yearResult, type StoredScore } from './scoring.js';

const CRITERION = {
  id: true,
  title: true,
  method: true,
  weight: true,
  maxScore: true,
  norm: true,
  sortOrder: true,
  retiredAt: true,
} as const;

/** A year's scheme with every criterion (retired ones too, marked) and its rounds; one query. */
export function findScheme(db: Db, year: number) {
  return db.assessmentScheme.findUnique({
    where: { year },
    select: {
      id: true,
      year: true,
      note: true,
      criteria: { orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], select: CRITERION },
      rounds: { orderBy: { quarter: 'asc' }, select: { id: true, quarter: true, status: true, publishedAt: true } },
    },
  });
}

export type SchemeRow = NonNullable<Awaited<ReturnType<typeof findScheme>>>;
export type CriterionRow = SchemeRow['criteria'][number];

export const activeCriteria = (s: SchemeRow) => s.criteria.filter((c) => !c.retiredAt);

export async function schemeYears(db: Db): Promise<number[]> {
  const rows = await db.assessmentScheme.findMany({ orderBy: { year: 'desc' }, select: { year: true } });
  return rows.map((r) => r.year);
}

export const ASSESSED_KINDS = ['BRANCH', 'GENERAL_BRANCH'] as const;

/** The branches assessed (not archived), plus those already scored in `scoredIds` so their results stay listed. */
export function assessedUnits(db: Db, scoredIds: number[] = []) {
  return db.unit.findMany({
    where: { kind: { in: [...ASSESSED_KINDS] }, OR: [{ archivedAt: null }, ...(scoredIds.length ? [{ id: { in: scoredIds } }] : [])] },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    select: { id: true, code: true, name: true, archivedAt: true },
  });
}

export interface Cell extends StoredScore {
  /** What the score is worth under the criterion's current maximum. */
  value: number;
  comment: string;
}

type ScoreRow = StoredScore & { roundId: number; unitId: number; criterionId: number; comment: string };
const SCORE = { roundId: true, unitId: true, criterionId: true, score: true, ratio: true, comment: true } as const;

function cellsOf(scheme: SchemeRow, rows: ScoreRow[]): Map<string, Map<number, Cell>> {
  const crit = new Map(scheme.criteria.map((c) => [c.id, c]));
  const out = new Map<string, Map<number, Cell>>();
  for (const s of rows) {
    const c = crit.get(s.criterionId);
    if (!c) continue;
    const key = `${s.roundId}:${s.unitId}`;
    if (!out.has(key)) out.set(key, new Map());
    out.get(key)!.set(c.id, { score: s.score, ratio: s.ratio, comment: s.comment, value: criterionScore(c, s) });
  }
  return out;
}

/**
 * The scoring sheet of a quarter: one row per branch with its cells by criterion, its total and rank. Two
 * queries whatever the number of branches (the scheme comes from the loader).
 */
export async function quarterSheet(db: Db, scheme: SchemeRow, quarter: number) {
  const round = scheme.rounds.find((r) => r.quarter === quarter) ?? null;
  const scores = await db.assessmentScore.findMany({ where: { round: { schemeId: scheme.id, quarter } }, select: SCORE });
  const units = await assessedUnits(db, [...new Set(scores.map((s) => s.unitId))]);
  const criteria = activeCriteria(scheme);
  const cells = round ? cellsOf(scheme, scores) : new Map<string, Map<number, Cell>>();
  const rows = units.map((unit) => {
    const mine = cells.get(`${round?.id}:${unit.id}`) ?? new Map<number, Cell>();
    return {
      unit,
      cells: mine,
      total: quarterTotal(criteria, mine),
      missing: criteria.filter((c) => !mine.has(c.id)).length,
      rank: null as number | null,
    };
  });
  ranks(rows.map((r) => r.total)).forEach((rank, i) => (rows[i].rank = rank));
  return { round, criteria, rows, missing: rows.reduce((n, r) => n + r.missing, 0) };
}

export type QuarterSheet = Awaited<ReturnType<typeof quarterSheet>>;

export interface QuarterResult {
  status: RoundStatus;
  total: number | null;
  cells: Map<number, Cell>;
}

/**
 * A year's results: per branch its totals by quarter, the year result (mean of the published quarters) and rank.
 * `includeDrafts` (the office) also shows the draft quarters' totals; they never count in the year result.
 * Two queries whatever the number of branches.
 */
export async function yearResults(db: Db, scheme: SchemeRow, opts: { includeDrafts: boolean }) {
  const rounds = scheme.rounds.filter((r) => opts.includeDrafts || r.status === 'PUBLISHED');
  const scores = await db.assessmentScore.findMany({
    where: { round: { schemeId: scheme.id, ...(opts.includeDrafts ? {} : { status: 'PUBLISHED' }) } },
    select: SCORE,
  });
  const units = await assessedUnits(db, [...new Set(scores.map((s) => s.unitId))]);
  const criteria = activeCriteria(scheme);
  const cells = cellsOf(scheme, scores);
  const rows = units.map((unit) => {
    const quarters: (QuarterResult | null)[] = [1, 2, 3, 4].map((q) => {
      const round = rounds.find((r) => r.quarter === q);
      if (!round) return null;
      const mine = cells.get(`${round.id}:${unit.id}`) ?? new Map<number, Cell>();
      return { status: round.status, total: quarterTotal(criteria, mine), cells: mine };
    });
    const year = yearResult(quarters.filter((q) => q?.status === 'PUBLISHED').map((q) => q!.total));
    return { unit, quarters, year, rank: null as number | null };
  });
  ranks(rows.map((r) => r.year)).forEach((rank, i) => (rows[i].rank = rank));
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  const scoredUnits = (roundId: number) => new Set(scores.filter((s) => s.roundId === roundId).map((s) => s.unitId)).size;
  const quarters = [1, 2, 3, 4].map((q) => {
    const round = scheme.rounds.find((r) => r.quarter === q) ?? null;
    const visible = !!round && rounds.includes(round);
    return {
      quarter: q,
      status: round?.status ?? null,
      publishedAt: round?.publishedAt ?? null,
      visible,
      scoredUnits: visible ? scoredUnits(round.id) : 0,
    };
  });
  return { criteria, rows, quarters, published: quarters.filter((q) => q.status === 'PUBLISHED').length };
}

export type YearResults = Awaited<ReturnType<typeof yearResults>>;
