import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { unitRoster } from '../../domain/roster/roster.queries.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { PARTY_STATUS_LABELS } from '../../lib/format.js';
import { MODULE_VIEWS } from '../sites/modules.routes.js';

/**
 * ROSTER modules (党员名册, 发展党员): the unit's people and recruitment, for its officers and the office only.
 * Steps are recorded in one place, the pipeline at /units/:code/recruitment, where the timeline's rules apply.
 */
export function rosterRoutes(_db: Db): Router {
  MODULE_VIEWS.ROSTER = showRoster;
  return Router();
}

/**
 * GET /units/:code/modules/:key (ROSTER) — people by party group, and the recruitment stages with their dates.
 * Others learn that the roster exists and who may see it, not what it holds.
 */
async function showRoster(db: Db, req: Request, res: Response) {
  const unit = res.locals.unit as UnitRow;
  const mod = res.locals.module as ModuleRow;
  if (!can(req.user, 'roster.view', unit)) return res.page('roster/hidden', { title: mod.title });
  res.page('roster/index', {
    title: mod.title,
    roster: await unitRoster(db, unit),
    statusLabels: PARTY_STATUS_LABELS,
    recruitmentFirst: mod.key === 'recruitment',
  });
}
