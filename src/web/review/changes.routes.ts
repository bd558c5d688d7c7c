import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { unitChanges } from '../../domain/review/changes.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { allow } from '../guard.js';
import { loadUnit } from '../units/units.loaders.js';

export function changesRoutes(db: Db): Router {
  const r = Router();
  r.get('/units/:code/changes', loadUnit(db), allow('unit.changes'), showChanges(db));
  return r;
}

/** GET /units/:code/changes — what changed in the unit, by whom, when, each with a link to the change itself. */
function showChanges(db: Db) {
  return async (_req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    res.page('review/changes', { title: `${unit.name} · 更新动态`, changes: await unitChanges(db, unit.id) });
  };
}
