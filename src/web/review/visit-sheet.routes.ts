import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { visitSheet } from '../../domain/review/visit-sheet.js';
import { allow } from '../guard.js';
import { loadUnit } from '../units/units.loaders.js';

export function visitSheetRoutes(db: Db): Router {
  const r = Router();
  r.get('/units/:code/visit-sheet', loadUnit(db), allow('inspection.view'), show(db));
  return r;
}

/** GET /units/:code/visit-sheet — the printable sheet of questions the office takes to a branch. */
function show(db: Db) {
  return async (_req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    res.page('review/visit-sheet', {
      title: `走访单：${unit.name}`,
      sheet: await visitSheet(db, unit),
      today: new Date(),
      bodyClass: 'print-view',
    });
  };
}
