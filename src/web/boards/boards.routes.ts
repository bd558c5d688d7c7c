import { z } from 'zod';
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { boardYears } from '../../domain/boards/board.queries.js';
import { RATING_LABELS, saveOfficeEvaluation, saveSelfDiagnosis } from '../../domain/boards/board.service.js';
import { STATUS_LABELS, AT_RISK_MARGIN, REPORTING_GRACE_DAYS } from '../../domain/boards/rules.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { isoDay } from '../../lib/dates.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { loadUnit } from '../units/units.loaders.js';
import { boardWorkbook } from './board-export.js';
import { boardReportRoutes } from './board-report.routes.js';
import { boardUrl, thisYear } from './board-url.js';
import { officeEvaluationSchema, selfDiagnosisSchema, yearQuery } from './boards.schemas.js';
import { cachedBoard, type Board } from './cached-board.js';
import { targetsRoutes } from './targets.routes.js';
import { targetTrend } from './trend-svg.js';

export function boardsRoutes(db: Db): Router {
  const r = Router();
  const unit = loadUnit(db);
  r.use(boardReportRoutes(db), targetsRoutes(db));
  r.get('/units/:code/board', unit, allow('board.view'), show(db, 'boards/board'));
  r.get('/units/:code/board/print', unit, allow('board.view'), show(db, 'boards/print'));
  r.get('/units/:code/board.xlsx', unit, allow('board.view'), exportXlsx(db));
  r.post('/units/:code/board/diagnosis', unit, allow('board.diagnose'), selfDiagnosis(db));
  r.post('/units/:code/board/evaluation', unit, allow('board.evaluate'), officeEvaluation(db));
  return r;
}

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
    paper: 'a3-landscape',
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
