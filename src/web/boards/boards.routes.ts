import { z } from 'zod';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { boardYears, committeeTargets, loadTarget, targetRow } from '../../domain/boards/board.queries.js';
import { cachedBoard, type Board } from './cached-board.js';
import {
  archiveTarget,
  createTarget,
  RATING_LABELS,
  recordMeasurement,
  saveOfficeEvaluation,
  saveSelfDiagnosis,
  updateTarget,
} from '../../domain/boards/board.service.js';
import { STATUS_LABELS, AT_RISK_MARGIN, REPORTING_GRACE_DAYS, VALUE_KIND_LABELS } from '../../domain/boards/rules.js';
import { ValidationError } from '../../domain/errors.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { loadUnit } from '../units/units.loaders.js';
import { boardWorkbook } from './board-export.js';
import { measurementSchema, officeEvaluationSchema, selfDiagnosisSchema, targetSchema, yearQuery } from './boards.schemas.js';
import { targetTrend } from './trend-svg.js';
import { isoDay } from '../../lib/dates.js';
import { rangeHint, reportChoices } from './report-form.js';
import { boardReportRoutes } from './board-report.routes.js';
import { can } from '../../domain/authz/can.js';

export function boardsRoutes(db: Db): Router {
  const r = Router();
  const unit = loadUnit(db);
  r.use(boardReportRoutes(db));
  r.get('/units/:code/board', unit, allow('board.view'), show(db, 'boards/board'));
  r.get('/units/:code/board/print', unit, allow('board.view'), show(db, 'boards/print'));
  r.get('/units/:code/board.xlsx', unit, allow('board.view'), exportXlsx(db));
  r.get('/units/:code/board/targets/new', unit, allow('board.edit'), newTarget(db));
  r.post('/units/:code/board/targets', unit, allow('board.edit'), create(db));
  r.get('/units/:code/board/targets/:id', unit, loadOne(db), allow('board.view'), showTarget);
  r.get('/units/:code/board/targets/:id/edit', unit, loadOne(db), allow('board.edit'), editTarget(db));
  r.post('/units/:code/board/targets/:id', unit, loadOne(db), allow('board.edit'), update(db));
  r.post('/units/:code/board/targets/:id/archive', unit, loadOne(db), allow('board.edit'), archive(db));
  r.post('/units/:code/board/targets/:id/measurements', unit, loadOne(db), allow('board.report'), measure(db));
  r.post('/units/:code/board/diagnosis', unit, allow('board.diagnose'), selfDiagnosis(db));
  r.post('/units/:code/board/evaluation', unit, allow('board.evaluate'), officeEvaluation(db));
  return r;
}

const thisYear = () => new Date().getUTCFullYear();
const boardUrl = (code: string, year: number) => `/units/${code}/board${year === thisYear() ? '' : `?year=${year}`}`;

const rule = { margin: AT_RISK_MARGIN * 100, grace: REPORTING_GRACE_DAYS };

/** The bowling chart (hundreds of rows on the committee's board), the same for everyone: rendered once per generation and day. */
function bowlingHtml(res: Response, unit: UnitRow, year: number, now: Date, board: Board) {
  return res.locals.cache.fragment([unit.id, year, isoDay(now)], 'boards/_bowling', {
    board,
    unit: { code: unit.code },
    statusLabels: STATUS_LABELS,
    trend: targetTrend,
    rule,
  });
}

async function boardLocals(db: Db, res: Response, unit: UnitRow, year: number) {
  const now = new Date();
  const [board, years] = await Promise.all([
    cachedBoard(res, db, unit, year, now),
    res.locals.cache.value(['boardYears', unit.id, thisYear()], () => boardYears(db, unit.id, thisYear())),
  ]);
  const bowling = await bowlingHtml(res, unit, year, now, board);
  return {
    title: `${unit.name} · 方针管理板（${year}年）`,
    board,
    years,
    year,
    statusLabels: STATUS_LABELS,
    ratingLabels: RATING_LABELS,
    bowling,
    bodyClass: 'board-page',
  };
}

/** GET /units/:code/board (and /print) — the bowling chart with diagnoses, countermeasures and, for the committee, the roll-up. */
function show(db: Db, view: string) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const year = yearQuery.parse(req.query).year ?? thisYear();
    const locals = await boardLocals(db, res, unit, year);
    const diagnoseMonth = z.coerce.number().int().min(1).max(12).optional().catch(undefined).parse(req.query.diagnose);
    res.page(view, {
      diagnoseMonth,
      ...locals,
      ...(view === 'boards/print' ? { bodyClass: 'print-view board-print' } : {}),
      errors: {},
      values: {},
    });
  };
}

async function renderBoardWithErrors(
  db: Db,
  res: Response,
  year: number,
  form: string,
  errors: Record<string, string>,
  values: Record<string, unknown>,
) {
  const locals = await boardLocals(db, res, res.locals.unit as UnitRow, year);
  res.page('boards/board', { ...locals, errors, values, errorForm: form }, 400);
}

/** GET /units/:code/board.xlsx — the board and its measurements as a workbook. */
function exportXlsx(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const year = yearQuery.parse(req.query).year ?? thisYear();
    const board = await cachedBoard(res, db, unit, year, new Date());
    const buf = await boardWorkbook(unit, board);
    const name = `${unit.name}-方针管理板-${year}.xlsx`;
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="board-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.send(buf);
  };
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
    { title: editing ? '修改目标' : '制定目标', values, errors, parents, editing, valueKindLabels: VALUE_KIND_LABELS },
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

function selfDiagnosis(db: Db) {
  return async (req: Request, res: Response) => {
    const year = yearQuery.parse(req.query).year ?? thisYear();
    const form = parseForm(selfDiagnosisSchema, req.body);
    if (!form.ok) return renderBoardWithErrors(db, res, year, 'self', form.errors, form.values);
    await saveSelfDiagnosis(db, {
      unit: res.locals.unit,
      actor: req.user!,
      ip: req.ip,
      year,
      month: form.data.month,
      text: form.data.text,
    });
    flash(req, 'success', '自我诊断已保存');
    res.redirect(303, `${boardUrl((res.locals.unit as UnitRow).code, year)}#diagnosis`);
  };
}

function officeEvaluation(db: Db) {
  return async (req: Request, res: Response) => {
    const year = yearQuery.parse(req.query).year ?? thisYear();
    const form = parseForm(officeEvaluationSchema, req.body);
    if (!form.ok) return renderBoardWithErrors(db, res, year, 'office', form.errors, form.values);
    await saveOfficeEvaluation(db, {
      unit: res.locals.unit,
      actor: req.user!,
      ip: req.ip,
      year,
      month: form.data.month,
      rating: form.data.rating,
      text: form.data.text,
    });
    flash(req, 'success', '评价已保存');
    res.redirect(303, `${boardUrl((res.locals.unit as UnitRow).code, year)}#diagnosis`);
  };
}
