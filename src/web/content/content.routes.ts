import { Router } from 'express';
import type { Db } from '../../db/client.js';
import { actionsRoutes } from './actions.routes.js';
import { pagesRoutes } from './pages.routes.js';
import { recordsRoutes } from './records.routes.js';
import { revisionsRoutes } from './revisions.routes.js';

/** Module content: pages, records, their review actions and history. */
export function contentRoutes(db: Db): Router {
  const r = Router();
  r.use(pagesRoutes(db), recordsRoutes(db), actionsRoutes(db), revisionsRoutes(db));
  return r;
}
