import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { ValidationError } from '../../domain/errors.js';
import { countermeasureDetail, unitCountermeasures } from '../../domain/pdca/pdca.queries.js';
import {
  advanceCountermeasure,
  closeCountermeasure,
  isOverdue,
  reopenCountermeasure,
  STAGE_LABELS,
} from '../../domain/pdca/pdca.service.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { optionalText, parseForm, required } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { LINKED_VIEWS } from '../sites/linked.js';
import { loadUnit } from '../units/units.loaders.js';

const advanceSchema = z.object({
  stage: z.enum(['PLAN', 'DO', 'CHECK', 'ACT', 'CLOSED'], { error: '表单已过期，请刷新页面后重试' }),
  cause: optionalText(2000),
  action: optionalText(2000),
  ownerName: optionalText(60),
  answer: required('本阶段说明', 2000),
});
const noteSchema = z.object({ note: required('核实意见', 1000) });

export function pdcaRoutes(db: Db): Router {
  LINKED_VIEWS.findings = (d, req, res) => listForUnit(d)(req, res);
  const r = Router();
  r.get('/units/:code/pdca', loadUnit(db), allow('pdca.view'), listForUnit(db));
  r.get('/units/:code/pdca/:id', loadUnit(db), loadItem(db), allow('pdca.view'), show);
  r.post('/units/:code/pdca/:id/advance', loadUnit(db), loadItem(db), allow('pdca.advance'), advance(db));
  r.post('/units/:code/pdca/:id/close', loadUnit(db), loadItem(db), allow('pdca.close'), close(db));
  r.post('/units/:code/pdca/:id/reopen', loadUnit(db), loadItem(db), allow('pdca.close'), reopen(db));
  return r;
}

function loadItem(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const item = id ? await countermeasureDetail(db, (res.locals.unit as UnitRow).id, id) : null;
    if (!item) return next(notFound('整改事项'));
    res.locals.item = item;
    next();
  };
}

/** GET /units/:code/pdca (and the 问题整改 module) — the unit's countermeasures with their stage; overdue ones marked. */
function listForUnit(db: Db) {
  return async (_req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const rows = await unitCountermeasures(db, unit.id);
    res.page('pdca/index', {
      title: `${unit.name} · 问题整改`,
      rows: rows.map((r) => ({ ...r, overdue: isOverdue(r) })),
      stageLabels: STAGE_LABELS,
    });
  };
}

function renderShow(res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const item = res.locals.item;
  res.page(
    'pdca/show',
    { title: `整改事项：${item.problem.slice(0, 30)}`, overdue: isOverdue(item), stageLabels: STAGE_LABELS, values: item, ...extra },
    status,
  );
}

/** GET /units/:code/pdca/:id — one countermeasure, its history, and the form for whoever acts next. */
function show(_req: Request, res: Response) {
  renderShow(res);
}

async function attempt(req: Request, res: Response, run: () => Promise<string>, values: Record<string, unknown>) {
  try {
    flash(req, 'success', await run());
  } catch (e) {
    if (e instanceof ValidationError) return renderShow(res, { errors: e.fieldErrors, values: { ...res.locals.item, ...values } }, 400);
    throw e;
  }
  res.redirect(303, `/units/${res.locals.unit.code}/pdca/${res.locals.item.id}`);
}

/** POST …/advance — the secretary answers and moves it to the next stage. */
function advance(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(advanceSchema, req.body);
    if (!form.ok) return renderShow(res, { errors: form.errors, values: { ...res.locals.item, ...form.values } }, 400);
    await attempt(
      req,
      res,
      async () => {
        const next = await advanceCountermeasure(db, {
          unit: res.locals.unit,
          id: res.locals.item.id,
          actor: req.user!,
          ip: req.ip,
          stage: form.data.stage,
          cause: form.data.cause ?? '',
          action: form.data.action ?? '',
          ownerName: form.data.ownerName ?? '',
          answer: form.data.answer,
        });
        return `已推进到“${STAGE_LABELS[next]}”${next === 'ACT' ? '，等待党务室核实关闭' : ''}`;
      },
      req.body,
    );
  };
}

/** POST …/close — the office verifies the result and closes it. */
function close(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(noteSchema, req.body);
    if (!form.ok) return renderShow(res, { errors: form.errors, refill: { form: 'close', note: req.body.note } }, 400);
    await attempt(
      req,
      res,
      async () => {
        await closeCountermeasure(db, {
          unit: res.locals.unit,
          id: res.locals.item.id,
          actor: req.user!,
          ip: req.ip,
          note: form.data.note,
        });
        return '已核实并关闭';
      },
      req.body,
    );
  };
}

/** POST …/reopen — the office sends it back to 实施 with what is missing. */
function reopen(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(noteSchema, req.body);
    if (!form.ok) return renderShow(res, { errors: form.errors, refill: { form: 'reopen', note: req.body.note } }, 400);
    await attempt(
      req,
      res,
      async () => {
        await reopenCountermeasure(db, {
          unit: res.locals.unit,
          id: res.locals.item.id,
          actor: req.user!,
          ip: req.ip,
          note: form.data.note,
        });
        return '已退回实施阶段';
      },
      req.body,
    );
  };
}
