import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { touchReviewMarker } from '../../domain/review/marker.service.js';
import { morningReview, reviewFilterOptions } from '../../domain/review/review.service.js';
import { SCORE_WEIGHTS } from '../../domain/review/score.js';
import { allow } from '../guard.js';
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
    const [rows, options] = await Promise.all([morningReview(db, { location: q.location, factory: q.factory, since }), reviewFilterOptions(db)]);
    res.page('review/index', {
      title: '每日巡检',
      rows,
      options,
      filters: { location: q.location, factory: q.factory, since: q.since ? req.query.since : undefined, view: q.view === 'full' ? undefined : q.view },
      since,
      lastLooked,
      view: q.view,
      weights: SCORE_WEIGHTS,
      bodyClass: q.view === 'print' ? 'print-view' : q.view === 'compact' ? 'compact-view' : '',
    });
  };
}
