import type { Db } from '../../db/client.js';
import type { BranchSignals } from './score.js';

export interface SignalQuery {
  branchIds: number[];
  now: Date;
}

/**
 * A source of the morning review's signals: answers for all branches at once in a fixed number of queries.
 * Each area of the portal contributes its own (content: drafts and modules; boards: targets and PDCA;
 * inspections: findings; voices: unanswered).
 */
export type SignalSource = (db: Db, q: SignalQuery) => Promise<Map<number, Partial<BranchSignals>>>;

/** Drafts submitted for approval and still waiting. */
export const draftSignals: SignalSource = async (db, q) => {
  const rows = await db.$queryRawUnsafe<{ unitId: number; n: number }[]>(
    `SELECT i."unitId", count(*)::int AS n FROM "Revision" r JOIN "ContentItem" i ON i.id = r."itemId"
      WHERE r.status = 'SUBMITTED' AND i."unitId" = ANY($1::int[]) AND i."deletedAt" IS NULL GROUP BY i."unitId"`,
    q.branchIds,
  );
  return new Map(rows.map((r) => [r.unitId, { draftsWaiting: r.n }]));
};

/** Adds each source's partial signals into one record per branch. */
export function mergeSignals(base: BranchSignals, parts: Map<number, Partial<BranchSignals>>[], unitId: number): BranchSignals {
  const out = { ...base };
  for (const part of parts) {
    const p = part.get(unitId);
    if (!p) continue;
    for (const [k, v] of Object.entries(p) as [keyof BranchSignals, number][]) out[k] += v;
  }
  return out;
}
