import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { touchReviewMarker } from '../../domain/review/marker.service.js';
import { morningReview, reviewFilterOptions } from '../../domain/review/review.service.js';
import { SCORE_WEIGHTS, topReasons } from '../../domain/review/score.js';
import { allow } from '../guard.js';
import { isoDay, startOfUtcDay } from '../../lib/dates.js';
import { reviewQuery } from './review.schemas.js';

export function reviewRoutes(db: Db): Router {
  const r = Router();
  r.get('/review', allow('review.view'), showReview(db));
  return r;
}

/**
 * GET /review — the committee office's morning: every branch worst first, with what changed since the viewer
 * last looked (opening the page moves their marker; `?since=` looks back to an earlier day).
 */
function showReview(db: Db) {
  return async (req: Request, res: Response) => {
    const q = reviewQuery.parse(req.query);
    const lastLooked = await touchReviewMarker(db, req.user!.id);
    const since = q.since ?? lastLooked;
    // The rows, as of today, are the same for every look with the same filters and "since" (which stays put through a
    // sitting): 212 branches' rows are computed and rendered once per data generation, not at every look.
    const today = startOfUtcDay(new Date());
    const filter = { location: q.location, factory: q.factory, since, now: today };
    const key = [q.location, q.factory, since, isoDay(today)];
    const [rows, options] = await Promise.all([
      res.locals.cache.value(['review', ...key], () => morningReview(db, filter)),
      res.locals.cache.value(['reviewFilterOptions'], () => reviewFilterOptions(db)),
    ]);
    const rowsHtml = await res.locals.cache.fragment([...key, q.view], 'review/rows', { rows, view: q.view, topReasons });
    res.page('review/index', {
      title: '每日巡检',
      rowsHtml,
      options,
      filters: {
        location: q.location,
        factory: q.factory,
        since: q.since ? req.query.since : undefined,
        view: q.view === 'full' ? undefined : q.view,
      },
      since,
      lastLooked,
      view: q.view,
      weights: SCORE_WEIGHTS,
      bodyClass: q.view === 'print' ? 'print-view' : q.view === 'compact' ? 'compact-view' : '',
      paper: 'a4-landscape',
    });
  };
}
