import type { Db } from '../../db/client.js';
import { changesSince, type Change } from './changes.js';
import { EMPTY_SIGNALS, worstFirst, type BranchSignals } from './score.js';
import { SIGNAL_SOURCES } from './sources.js';
import { mergeSignals } from './signals.js';

export interface ReviewFilters {
  location?: string;
  factory?: string;
}

export interface ReviewRow {
  id: number;
  code: string;
  name: string;
  location: string;
  factory: string;
  signals: BranchSignals;
  score: number;
  changes: Change[];
  changeCount: number;
}

/**
 * The morning review: every branch, worst first by the attention score, with what changed since `since`.
 * A fixed number of queries (one per signal source, one per change source, one for the branches) whatever
 * the number of branches or the years of history.
 */
export async function morningReview(db: Db, opts: ReviewFilters & { since: Date; now: Date }) {
  const now = opts.now;
  const branches = await db.unit.findMany({
    where: {
      kind: { in: ['BRANCH', 'GENERAL_BRANCH'] },
      archivedAt: null,
      ...(opts.location ? { location: opts.location } : {}),
      ...(opts.factory ? { factory: opts.factory } : {}),
    },
    select: { id: true, code: true, name: true, location: true, factory: true },
  });
  const q = { branchIds: branches.map((b) => b.id), now };
  const [parts, changes] = await Promise.all([Promise.all(SIGNAL_SOURCES.map((s) => s(db, q))), changesSince(db, opts.since)]);
  const rows: ReviewRow[] = worstFirst(
    branches.map((b) => ({
      ...b,
      signals: mergeSignals(EMPTY_SIGNALS, parts, b.id),
      changes: changes.get(b.id)?.items ?? [],
      changeCount: changes.get(b.id)?.total ?? 0,
    })),
  );
  return rows;
}

/** The locations and factories that have branches, for the filters. */
export async function reviewFilterOptions(db: Db) {
  const rows = await db.unit.findMany({
    where: { kind: { in: ['BRANCH', 'GENERAL_BRANCH'] }, archivedAt: null },
    distinct: ['location', 'factory'],
    select: { location: true, factory: true },
    orderBy: [{ location: 'asc' }, { factory: 'asc' }],
  });
  return { locations: [...new Set(rows.map((r) => r.location))], factories: [...new Set(rows.map((r) => r.factory))] };
}
