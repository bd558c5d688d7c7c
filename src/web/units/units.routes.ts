import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { unitHeader, type UnitRow } from '../../domain/units/units.service.js';
import { CADENCE_LABELS } from '../../domain/sites/catalogue.data.js';
import { FRESHNESS_LABELS } from '../../domain/sites/freshness.js';
import { unitSite } from '../../domain/sites/site.service.js';
import { mostViewed } from '../../domain/sites/view-counter.js';
import { isoDay } from '../../lib/dates.js';
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

/**
 * GET /units/:code — a unit's site: its header, then its modules in three sections with their freshness. The header and
 * the tiles are the same for everyone (kept per generation; the tiles' freshness per day); the view counts raise no
 * generation and are read at every look.
 */
function showUnit(db: Db) {
  return async (_req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const now = new Date();
    const [header, site, viewed] = await Promise.all([
      res.locals.cache.value(['unitHeader', unit.id], () => unitHeader(db, unit)),
      res.locals.cache.value(['unitSite', unit.id, isoDay(now)], () => unitSite(db, unit, now)),
      mostViewed(db, unit.id),
    ]);
    res.page('units/show', {
      title: unit.name,
      header,
      site: site && { ...site, mostViewed: viewed },
      freshnessLabels: FRESHNESS_LABELS,
      cadenceLabels: CADENCE_LABELS,
    });
  };
}
