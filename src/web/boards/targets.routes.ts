import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { committeeTargets, loadTarget, targetRow } from '../../domain/boards/board.queries.js';
import { archiveTarget, createTarget, recordMeasurement, updateTarget } from '../../domain/boards/board.service.js';
import { STATUS_LABELS, VALUE_KIND_LABELS } from '../../domain/boards/rules.js';
import { ValidationError } from '../../domain/errors.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { toId } from '../../lib/ids.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { loadUnit } from '../units/units.loaders.js';
import { boardUrl, thisYear } from './board-url.js';
import { BOARD_SOURCES } from '../../domain/boards/sources.js';
import { measurementSchema, targetSchema, yearQuery } from './boards.schemas.js';
import { rangeHint, reportChoices } from './report-form.js';
import { targetTrend } from './trend-svg.js';

/** A board's targets: setting them, one target's page, and reporting one figure (the month's sheet is its own table). */
export function targetsRoutes(db: Db): Router {
  const r = Router();
  const unit = loadUnit(db);
  r.get('/units/:code/board/targets/new', unit, allow('board.edit'), newTarget(db));
  r.post('/units/:code/board/targets', unit, allow('board.edit'), create(db));
  r.get('/units/:code/board/targets/:id', unit, loadOne(db), allow('board.view'), showTarget);
  r.get('/units/:code/board/targets/:id/edit', unit, loadOne(db), allow('board.edit'), editTarget(db));
  r.post('/units/:code/board/targets/:id', unit, loadOne(db), allow('board.edit'), update(db));
  r.post('/units/:code/board/targets/:id/archive', unit, loadOne(db), allow('board.edit'), archive(db));
  r.post('/units/:code/board/targets/:id/measurements', unit, loadOne(db), allow('board.report'), measure(db));
  return r;
}

function loadOne(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const t = id ? await loadTarget(db, (res.locals.unit as UnitRow).id, id) : null;
    if (!t) return next(notFound('目标'));
    res.locals.target = t;
    next();
  };
}

async function renderTargetForm(db: Db, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const unit = res.locals.unit as UnitRow;
  const year = yearQuery.parse({ year: values.year }).year ?? thisYear();
  const parents = unit.kind === 'COMMITTEE' ? [] : await committeeTargets(db, year);
  const editing = res.locals.target as { id: number } | undefined;
  res.page(
    'boards/target-form',
    {
      title: editing ? '修改目标' : '制定目标',
      values,
      errors,
      parents,
      editing,
      valueKindLabels: VALUE_KIND_LABELS,
      sources: BOARD_SOURCES,
    },
    status,
  );
}

function newTarget(db: Db) {
  return async (req: Request, res: Response) => {
    const year = yearQuery.parse(req.query).year ?? thisYear();
    await renderTargetForm(db, res, { year, kind: 'MUST', direction: 'HIGHER', period: 'MONTHLY' });
  };
}

function editTarget(db: Db) {
  return async (_req: Request, res: Response) => renderTargetForm(db, res, res.locals.target);
}

/** Runs a target write, re-rendering the form with the rule's message when it refuses. */
async function saveTarget(db: Db, req: Request, res: Response, write: (input: ReturnType<typeof targetSchema.parse>) => Promise<unknown>) {
  const form = parseForm(targetSchema, req.body);
  if (!form.ok) return renderTargetForm(db, res, form.values, form.errors, 400);
  try {
    await write(form.data);
  } catch (e) {
    if (e instanceof ValidationError) return renderTargetForm(db, res, req.body, e.fieldErrors, 400);
    throw e;
  }
  flash(req, 'success', '目标已保存');
  res.redirect(303, boardUrl((res.locals.unit as UnitRow).code, form.data.year));
}

function create(db: Db) {
  return (req: Request, res: Response) =>
    saveTarget(db, req, res, (input) => createTarget(db, { unit: res.locals.unit, actor: req.user!, ip: req.ip, input }));
}

function update(db: Db) {
  return (req: Request, res: Response) =>
    saveTarget(db, req, res, (input) =>
      updateTarget(db, { unit: res.locals.unit, actor: req.user!, ip: req.ip, id: res.locals.target.id, input }),
    );
}

function archive(db: Db) {
  return async (req: Request, res: Response) => {
    await archiveTarget(db, { unit: res.locals.unit, actor: req.user!, ip: req.ip, id: res.locals.target.id });
    flash(req, 'success', '目标已撤销');
    res.redirect(303, boardUrl((res.locals.unit as UnitRow).code, res.locals.target.year));
  };
}

function renderTarget(res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const now = new Date();
  const row = targetRow(res.locals.target, now);
  const choices = reportChoices(row, now, can(res.locals.user, 'board.correct', res.locals.unit));
  res.page(
    'boards/target',
    {
      title: `目标：${row.title}`,
      row,
      choices,
      rangeHint: rangeHint(row),
      statusLabels: STATUS_LABELS,
      trend: targetTrend(row, { width: 320, height: 80 }),
      ...extra,
    },
    status,
  );
}

/** GET /units/:code/board/targets/:id — one target: its periods, notes, and the form to report a figure. */
function showTarget(_req: Request, res: Response) {
  renderTarget(res);
}

/** POST …/measurements — the unit reports a period's figure; the office corrects a closed one with a reason. */
function measure(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(measurementSchema, req.body);
    if (!form.ok) return renderTarget(res, { errors: form.errors, values: form.values }, 400);
    let result;
    try {
      result = await recordMeasurement(db, {
        unit: res.locals.unit,
        actor: req.user!,
        ip: req.ip,
        targetId: res.locals.target.id,
        period: form.data.period,
        actual: form.data.actual,
        note: form.data.note ?? '',
        reason: form.data.reason,
      });
    } catch (e) {
      if (e instanceof ValidationError) return renderTarget(res, { errors: e.fieldErrors, values: req.body }, 400);
      throw e;
    }
    const parts = [`已${result.correcting ? '更正' : '填报'}：${STATUS_LABELS[result.status]}`];
    if (result.late) parts.push('（迟报）');
    if (result.opened) parts.push('。必达目标未达成，已生成整改事项（PDCA），请在“问题整改”中推进');
    flash(req, result.status === 'missed' ? 'info' : 'success', parts.join(''));
    res.redirect(303, `/units/${(res.locals.unit as UnitRow).code}/board/targets/${res.locals.target.id}`);
  };
}
