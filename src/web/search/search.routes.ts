import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { inOrgOrder, ORG_ORDER_FIELDS } from '../../domain/units/org-order.js';
import { parseTerms } from '../../domain/search/query.js';
import { SEARCH_KINDS } from '../../domain/search/search-kinds.js';
import { search } from '../../domain/search/search.service.js';
import { page, queryText } from '../forms.js';
import { allow } from '../guard.js';

const year = z.coerce.number().int().min(1990).max(2100).optional().catch(undefined);
const searchQuery = z.object({ q: queryText(200), kind: queryText(20), unit: queryText(40), year, page });
const PAGE_SIZE = 20;
const YEARS_OFFERED = 10;

export function searchRoutes(db: Db): Router {
  const r = Router();
  r.get('/search', allow('search.view'), show(db));
  return r;
}

/** GET /search?q=&kind=&unit=&year=&page= — everything the user may read, counted per kind, 20 a page. */
function show(db: Db) {
  return async (req: Request, res: Response) => {
    const q = searchQuery.parse(req.query);
    const terms = parseTerms(q.q ?? '');
    const kind = SEARCH_KINDS.some((k) => k.key === q.kind) ? q.kind : undefined;
    const unit = q.unit || undefined;
    const [units, result] = await Promise.all([
      res.locals.cache.value(['searchUnits'], () =>
        db.unit.findMany({ where: { kind: { not: 'PARTY_GROUP' } }, select: { ...ORG_ORDER_FIELDS, name: true } }).then(inOrgOrder),
      ),
      terms.length ? search(db, req.user!, { terms, kind, unitCode: unit, year: q.year, page: q.page, pageSize: PAGE_SIZE }) : undefined,
    ]);
    const params = { q: q.q, kind, unit, year: q.year };
    const thisYear = new Date().getUTCFullYear();
    res.page('search/index', {
      title: q.q ? `搜索：${q.q}` : '搜索',
      q: q.q ?? '',
      kind,
      unit,
      year: q.year,
      years: Array.from({ length: YEARS_OFFERED }, (_, i) => thisYear - i),
      kinds: SEARCH_KINDS,
      units,
      result,
      params,
      pager: result
        ? {
            page: q.page,
            pages: Math.max(1, Math.ceil(result.total / PAGE_SIZE)),
            total: `${result.totalApprox ? '约 ' : ''}${result.total}`,
            params,
          }
        : undefined,
      tooShort: !!q.q && !terms.length,
    });
  };
}
