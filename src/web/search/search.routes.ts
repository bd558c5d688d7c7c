import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { inOrgOrder, ORG_ORDER_FIELDS } from '../../domain/units/org-order.js';
import { parseTerms } from '../../domain/search/query.js';
import { SEARCH_KINDS } from '../../domain/search/search-kinds.js';
import { search } from '../../domain/search/search.service.js';
import { page, queryText } from '../forms.js';
import { allow } from '../guard.js';

const searchQuery = z.object({ q: queryText(200), kind: queryText(20), unit: queryText(40), page });
const PAGE_SIZE = 20;
const FIRST_PAGE_EACH = 5;

export function searchRoutes(db: Db): Router {
  const r = Router();
  r.get('/search', allow('search.view'), show(db));
  return r;
}

/** GET /search?q=&kind=&unit=&page= — everything the user may read, by kind, with highlighted snippets. */
function show(db: Db) {
  return async (req: Request, res: Response) => {
    const q = searchQuery.parse(req.query);
    const terms = parseTerms(q.q ?? '');
    const kind = SEARCH_KINDS.some((k) => k.key === q.kind) ? q.kind : undefined;
    const [units, results] = await Promise.all([
      db.unit.findMany({ where: { kind: { not: 'PARTY_GROUP' } }, select: { ...ORG_ORDER_FIELDS, name: true } }).then(inOrgOrder),
      terms.length
        ? search(db, req.user!, { terms, unitCode: q.unit, kind, page: kind ? q.page : 1, pageSize: kind ? PAGE_SIZE : FIRST_PAGE_EACH })
        : Promise.resolve([]),
    ]);
    const params = { q: q.q, kind, unit: q.unit };
    const only = kind ? results[0] : undefined;
    res.page('search/index', {
      title: q.q ? `搜索：${q.q}` : '搜索',
      q: q.q ?? '',
      kind,
      unit: q.unit,
      kinds: SEARCH_KINDS,
      units,
      results,
      params,
      pager: only ? { page: q.page, pages: Math.max(1, Math.ceil(only.total / PAGE_SIZE)), total: only.total, params } : undefined,
      tooShort: !!q.q && !terms.length,
    });
  };
}
