import type { Db } from '../../db/client.js';

import type { SessionUser } from '../authz/can.js';
import { SEARCH_KINDS, type Hit, type HitRow } from './search-kinds.js';
import { searchStatement, type SearchFilter } from './search.sql.js';

export interface SearchResult {
  /** Per kind key, the documents found (whatever the kind filter). */
  counts: Record<string, number>;
  /** Found under the kind filter (all kinds without one): what the pages divide. */
  total: number;
  /** Kinds whose count is estimated from the newest documents (a common query); the view says "约". */
  approx: string[];
  /** Whether `total` is such an estimate. */
  totalApprox: boolean;
  hits: Hit[];
}

/**
 * Everything the reader may find holding every term, counted per kind (estimated for a common query), one page of it
 * (SearchDoc, kept by triggers; docs/decisions/0009-h20-search-index.md, 0011-h25-search-common-terms.md). A fixed number of statements whatever the data: the search itself in a
 * transaction that keeps the planner on the index (it would scan the table for a common term, computing every
 * document's pieces), off parallel workers (slower than one process at this size), in memory (the matches of a
 * common term, about 6 MB at 100,000 documents, are kept once and read twice), and on the joins as written (the page's
 * nine-table join by primary keys: searching for another order was half of the 4–5 ms the statement took to plan).
 */
export async function search(db: Db, user: SessionUser, q: SearchFilter): Promise<SearchResult> {
  const [, rows] = await db.$transaction([
    db.$queryRaw`SELECT set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true),
                        set_config('work_mem', '32MB', true), set_config('join_collapse_limit', '1', true)`,
    db.$queryRaw<{ counts: Record<string, number>; approx: string[]; hits: HitRow[] }[]>(searchStatement(user, q)),
  ]);
  const { counts, approx, hits } = rows[0];
  const total = q.kind ? (counts[q.kind] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    counts,
    total,
    approx,
    totalApprox: q.kind ? approx.includes(q.kind) : approx.length > 0,
    hits: hits.map((r) => {
      const kind = SEARCH_KINDS.find((k) => k.key === r.kind)!;
      return { kind: r.kind, title: r.title, at: r.at ? new Date(r.at) : null, ...kind.hit(r, q.terms) };
    }),
  };
}
