import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { touchReviewMarker } from '../../domain/review/marker.service.js';
import { morningReview, reviewFilterOptions } from '../../domain/review/review.service.js';
import { SCORE_WEIGHTS } from '../../domain/review/score.js';
import { allow } from '../guard.js';
import { sharedPart } from '../middleware/render.js';
import { startOfMinute } from '../../lib/dates.js';
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
    // The rows are the same for every look with the same filters and "since" (which stays put through a sitting) within
    // a minute and a data generation: 212 branches' rows are rendered once, not at every look.
    const now = startOfMinute(Date.now());
    const filter = { location: q.location, factory: q.factory, since, now };
    const [rowsHtml, options] = await Promise.all([
      sharedPart(db, res, 'review/rows', [filter, q.view], async () => ({ rows: await morningReview(db, filter), view: q.view })),
      reviewFilterOptions(db),
    ]);
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
    });
  };
}
