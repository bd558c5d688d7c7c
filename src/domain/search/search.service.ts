import type { Db } from '../../db/client.js';
import type { SessionUser } from '../authz/can.js';
import { SEARCH_KINDS, type Hit, type SearchQuery } from './search-kinds.js';

/** Results of every kind (a first page of each) or of one kind (paged). */
export async function search(db: Db, user: SessionUser, q: SearchQuery & { kind?: string }) {
  const kinds = q.kind ? SEARCH_KINDS.filter((k) => k.key === q.kind) : SEARCH_KINDS;
  const unit = q.unitCode ? await db.unit.findUnique({ where: { code: q.unitCode }, select: { id: true } }) : null;
  if (q.unitCode && !unit) return kinds.map((k) => ({ key: k.key, label: k.label, total: 0, hits: [] as Hit[] }));
  const scoped = { ...q, unitId: unit?.id };
  const results = await Promise.all(kinds.map(async (k) => ({ key: k.key, label: k.label, ...(await k.search(db, user, scoped)) })));
  return results;
}
