import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { ValidationError } from '../../domain/errors.js';
import { unitRoster } from '../../domain/roster/roster.queries.js';
import { recordRecruitmentStep } from '../../domain/roster/roster.service.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { localToday } from '../../lib/dates.js';
import { PARTY_STATUS_LABELS } from '../../lib/format.js';
import { requireKind } from '../content/content.loaders.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { MODULE_VIEWS } from '../sites/modules.routes.js';
import { loadModule } from '../sites/module.loaders.js';
import { loadUnit } from '../units/units.loaders.js';
import { recruitmentStepSchema } from './roster.schemas.js';

/** ROSTER modules (党员名册, 发展党员): the unit's people and recruitment, for its officers and the office only. */
export function rosterRoutes(db: Db): Router {
  MODULE_VIEWS.ROSTER = showRoster;
  const r = Router();
  r.post(
    '/units/:code/modules/:key/recruitment',
    loadUnit(db),
    loadModule(db),
    requireKind('ROSTER'),
    allow('roster.edit'),
    recordStep(db),
  );
  return r;
}

/**
 * GET /units/:code/modules/:key (ROSTER) — people by party group, and the recruitment stages with their dates.
 * Others learn that the roster exists and who may see it, not what it holds.
 */
async function showRoster(db: Db, req: Request, res: Response) {
  const mod = res.locals.module as ModuleRow;
  if (!can(req.user, 'roster.view', res.locals.unit)) return res.page('roster/hidden', { title: mod.title });
  await renderRoster(db, res, { reachedOn: localToday() });
}

async function renderRoster(db: Db, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const unit = res.locals.unit as UnitRow;
  const mod = res.locals.module as ModuleRow;
  const roster = await unitRoster(db, unit);
  res.page(
    'roster/index',
    {
      title: mod.title,
      roster,
      values,
      errors,
      today: localToday(),
      statusLabels: PARTY_STATUS_LABELS,
      recruitmentFirst: mod.key === 'recruitment',
    },
    status,
  );
}

/** POST /units/:code/modules/:key/recruitment — record a person's next stage and its date. */
function recordStep(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    const form = parseForm(recruitmentStepSchema, req.body);
    if (!form.ok) return renderRoster(db, res, form.values, form.errors, 400);
    try {
      const done = await recordRecruitmentStep(db, { unit, ...form.data, actor: req.user!, ip: req.ip });
      flash(req, 'success', `已记录：${done.person}成为${PARTY_STATUS_LABELS[done.stage]}`);
    } catch (e) {
      if (e instanceof ValidationError) return renderRoster(db, res, req.body, e.fieldErrors, 400);
      throw e;
    }
    res.redirect(303, `/units/${unit.code}/modules/${mod.key}#recruitment`);
  };
}
