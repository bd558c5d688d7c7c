import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { ValidationError } from '../../domain/errors.js';
import { pipelineOf, recordablePeople } from '../../domain/recruitment/recruitment.queries.js';
import { recordRecruitmentEvent } from '../../domain/recruitment/recruitment.service.js';
import { STEP_KINDS, STEP_LABELS } from '../../domain/recruitment/timeline.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { localToday } from '../../lib/dates.js';
import { PARTY_STATUS_LABELS } from '../../lib/format.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { loadUnit } from '../units/units.loaders.js';
import { recruitmentEventSchema } from './recruitment.schemas.js';

/** 发展党员 on its timeline: the unit's pipeline with next steps and due dates (its secretary, 组织委员, the office). */
export function recruitmentRoutes(db: Db): Router {
  const r = Router();
  r.get('/units/:code/recruitment', loadUnit(db), allow('recruitment.view'), showPipeline(db));
  r.post('/units/:code/recruitment', loadUnit(db), allow('recruitment.record'), recordEvent(db));
  return r;
}

async function renderPipeline(db: Db, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const unit = res.locals.unit as UnitRow;
  const [pipeline, people] = await Promise.all([pipelineOf(db, [unit.id]), recordablePeople(db, unit.id)]);
  res.page(
    'recruitment/pipeline',
    {
      title: '发展党员进程',
      extraStyles: ['/public/css/members.css'],
      pipeline,
      people,
      values,
      errors,
      kinds: STEP_KINDS,
      stepLabels: STEP_LABELS,
      statusLabels: PARTY_STATUS_LABELS,
      today: localToday(),
    },
    status,
  );
}

/** GET /units/:code/recruitment — each person's stage since when, the next steps with their dates, overdue marked. */
function showPipeline(db: Db) {
  return async (_req: Request, res: Response) => renderPipeline(db, res, { on: localToday() });
}

/** POST /units/:code/recruitment — record a step; too early is refused with the day it becomes possible. */
function recordEvent(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const form = parseForm(recruitmentEventSchema, req.body);
    if (!form.ok) return renderPipeline(db, res, form.values, form.errors, 400);
    const d = form.data;
    try {
      const done = await recordRecruitmentEvent(db, {
        unit,
        ...d,
        document: d.document ?? '',
        note: d.note ?? '',
        exceptionReason: d.exceptionReason ?? null,
        actor: req.user!,
        ip: req.ip,
      });
      flash(req, 'success', `已记录：${done.person} ${done.label}${done.excepted ? '（例外）' : ''}`);
    } catch (e) {
      if (e instanceof ValidationError) return renderPipeline(db, res, req.body, e.fieldErrors, 400);
      throw e;
    }
    res.redirect(303, `/units/${unit.code}/recruitment`);
  };
}
