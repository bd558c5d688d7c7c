import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { unitHeader, type UnitRow } from '../../domain/units/units.service.js';
import { CADENCE_LABELS } from '../../domain/sites/catalogue.data.js';
import { FRESHNESS_LABELS } from '../../domain/sites/freshness.js';
import { unitSite } from '../../domain/sites/site.service.js';
import { allow } from '../guard.js';
import { directoryHtml } from './directory-part.js';
import { loadUnit } from './units.loaders.js';

export function unitsRoutes(db: Db): Router {
  const r = Router();
  r.get('/units', allow('units.list'), listUnits(db));
  r.get('/units/:code', loadUnit(db), allow('unit.view'), showUnit(db));
  return r;
}

/** GET /units — every unit grouped by location and factory, with secretary and member count. */
function listUnits(db: Db) {
  return async (_req: Request, res: Response) => {
    res.page('units/index', { title: '单位目录', directory: await directoryHtml(db, res) });
  };
}

/** GET /units/:code — a unit's site: its header, then its modules in three sections with their freshness. */
function showUnit(db: Db) {
  return async (_req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const [header, site] = await Promise.all([unitHeader(db, unit), unitSite(db, unit)]);
    res.page('units/show', { title: unit.name, header, site, freshnessLabels: FRESHNESS_LABELS, cadenceLabels: CADENCE_LABELS });
  };
}
