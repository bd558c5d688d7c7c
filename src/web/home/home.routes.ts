import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { unitDirectory } from '../../domain/units/units.service.js';
import { allow } from '../guard.js';

export function homeRoutes(db: Db): Router {
  const r = Router();
  r.get('/', allow('home.view'), showHome(db));
  return r;
}

/** GET / — the home page: the unit directory and the person's way in to their own unit. */
function showHome(db: Db) {
  return async (_req: Request, res: Response) => {
    res.page('home/index', { title: '首页', groups: await unitDirectory(db) });
  };
}
