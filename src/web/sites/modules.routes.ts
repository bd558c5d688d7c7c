import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { allow } from '../guard.js';
import { loadUnit } from '../units/units.loaders.js';
import { LINKED_FEATURE_NAMES, LINKED_VIEWS } from './linked.js';
import { loadModule } from './module.loaders.js';

/** How each kind of module renders its page; content, roster and the other features register here. */
export type ModuleView = (db: Db, req: Request, res: Response) => Promise<void>;

export const MODULE_VIEWS: Partial<Record<ModuleRow['kind'], ModuleView>> = {
  BOARD: async (_db, req, res) => res.redirect(`/units/${(res.locals.unit as UnitRow).code}/board`),
  LINKED: async (db, req, res) => {
    const mod = res.locals.module as ModuleRow;
    const view = mod.linkedFeature ? LINKED_VIEWS[mod.linkedFeature] : undefined;
    if (view) return view(db, req, res);
    res.page('sites/linked-placeholder', {
      title: mod.title,
      featureName: LINKED_FEATURE_NAMES[mod.linkedFeature ?? ''] ?? mod.linkedFeature ?? '相关功能',
    });
  },
};

export function modulesRoutes(db: Db): Router {
  const r = Router();
  r.get('/units/:code/modules/:key', loadUnit(db), loadModule(db), allow('module.view'), showModule(db));
  return r;
}

/** GET /units/:code/modules/:key — a module page, rendered by its kind. */
function showModule(db: Db) {
  return async (req: Request, res: Response) => {
    const mod = res.locals.module as ModuleRow;
    const view = MODULE_VIEWS[mod.kind];
    if (!view) return res.page('sites/linked-placeholder', { title: mod.title, featureName: mod.title });
    await view(db, req, res);
  };
}
