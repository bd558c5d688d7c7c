import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { findScheme, quarterSheet, schemeYears, yearResults, type SchemeRow } from '../../domain/assessment/assessment.queries.js';
import { computeRound } from '../../domain/assessment/compute.service.js';
import { quarterWorkbook, rankingWorkbook, XLSX_TYPE } from '../../domain/assessment/export.js';
import { QUARTER_LABELS } from '../../domain/assessment/measures.js';
import { publishRound, reopenRound, saveHandScores } from '../../domain/assessment/round.service.js';
import { can } from '../../domain/authz/can.js';
import { ValidationError } from '../../domain/errors.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { LINKED_VIEWS } from '../sites/linked.js';
import { loadQuarter, loadYear, needScheme, parseYear } from './assessment.loaders.js';
import { cellKey, handScoresSchema } from './assessment.schemas.js';
import { schemeRoutes } from './scheme.routes.js';
import { ASSESSMENT_LOCALS } from './view-locals.js';

export function assessmentRoutes(db: Db): Router {
  LINKED_VIEWS.assessment = linkedResults;
  const r = Router();
  const quarter = [loadYear(db), needScheme, loadQuarter];
  r.get('/assessment', allow('assessment.view'), overview(db));
  r.get('/assessments', allow('assessment.view'), (_req, res) => res.redirect(301, '/assessment'));
  r.get('/assessment/:year/ranking.xlsx', loadYear(db), needScheme, allow('assessment.view'), exportRanking(db));
  r.get('/assessment/:year/q/:quarter', ...quarter, allow('assessment.manage'), showSheet(db));
  r.get('/assessment/:year/q/:quarter/export.xlsx', ...quarter, allow('assessment.manage'), exportQuarter(db));
  r.post('/assessment/:year/q/:quarter/compute', ...quarter, allow('assessment.manage'), compute(db));
  r.post('/assessment/:year/q/:quarter/scores', ...quarter, allow('assessment.manage'), saveScores(db));
  r.post('/assessment/:year/q/:quarter/publish', ...quarter, allow('assessment.manage'), publish(db));
  r.post('/assessment/:year/q/:quarter/reopen', ...quarter, allow('assessment.manage'), reopen(db));
  r.use(schemeRoutes(db));
  return r;
}

const thisYear = () => new Date().getFullYear();

/** GET /assessment?year= — the scheme, the quarters and the year ranking (drafts only for the office). */
function overview(db: Db) {
  return async (req: Request, res: Response) => {
    const year = parseYear(req.query.year) ?? thisYear();
    const manage = can(req.user, 'assessment.manage');
    const [scheme, years] = await Promise.all([findScheme(db, year), schemeYears(db)]);
    const results = scheme ? await yearResults(db, scheme, { includeDrafts: manage }) : null;
    res.page('assessment/index', { title: `${year} 年党支部考核`, year, years, scheme, results, manage, ...ASSESSMENT_LOCALS });
  };
}

/** The 诊断与考核 module: a branch's published results by quarter and criterion; on the committee, all branches ranked. */
async function linkedResults(db: Db, req: Request, res: Response) {
  const unit = res.locals.unit as UnitRow;
  const year = parseYear(req.query.year) ?? thisYear();
  const [scheme, years] = await Promise.all([findScheme(db, year), schemeYears(db)]);
  const results = scheme ? await yearResults(db, scheme, { includeDrafts: false }) : null;
  const own = unit.kind === 'COMMITTEE' ? null : (results?.rows.find((r) => r.unit.id === unit.id) ?? null);
  res.page('assessment/linked', {
    title: `${unit.name} · ${res.locals.module.title}`,
    year,
    years,
    scheme,
    results,
    own,
    ...ASSESSMENT_LOCALS,
  });
}

async function renderSheet(db: Db, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const scheme = res.locals.scheme as SchemeRow;
  const quarter = res.locals.quarter as number;
  const sheet = await quarterSheet(db, scheme, quarter);
  const manual = sheet.criteria.filter((c) => c.method === 'MANUAL');
  const values: Record<string, unknown> = {};
  for (const row of sheet.rows) {
    for (const c of manual) {
      const cell = row.cells.get(c.id);
      if (cell)
        Object.assign(values, {
          [`score_${cellKey(row.unit.id, c.id)}`]: cell.score,
          [`comment_${cellKey(row.unit.id, c.id)}`]: cell.comment,
        });
    }
  }
  const title = `${scheme.year} 年${QUARTER_LABELS[quarter - 1]}考核评分`;
  res.page(
    'assessment/sheet',
    { title, scheme, quarter, sheet, manual, values, cellKey, paper: 'a4-landscape', ...ASSESSMENT_LOCALS, ...extra },
    status,
  );
}

/** GET /assessment/:year/q/:quarter — the scoring sheet: a row per branch, a column per criterion. */
function showSheet(db: Db) {
  return async (_req: Request, res: Response) => renderSheet(db, res);
}

const sheetUrl = (res: Response) => `/assessment/${res.locals.year}/q/${res.locals.quarter}`;

/** Runs a change of the sheet: success → flash and back to the sheet; a refused change → the sheet with the reason (400). */
async function attempt(db: Db, req: Request, res: Response, run: () => Promise<string>, values?: Record<string, unknown>) {
  try {
    flash(req, 'success', await run());
  } catch (e) {
    if (e instanceof ValidationError) return renderSheet(db, res, { errors: e.fieldErrors, ...(values ? { values } : {}) }, 400);
    throw e;
  }
  res.redirect(303, sheetUrl(res));
}

const ref = (req: Request, res: Response) => ({
  scheme: res.locals.scheme as SchemeRow,
  quarter: res.locals.quarter as number,
  actorId: req.user!.id,
  ip: req.ip,
});

/** POST …/compute — fills the computed criteria of every branch from the data. */
function compute(db: Db) {
  return (req: Request, res: Response) =>
    attempt(db, req, res, async () => {
      const r = await computeRound(db, ref(req, res));
      return r.criteria ? `已计算 ${r.units} 个支部的 ${r.criteria} 项自动考核内容` : '本方案没有自动计算的考核内容';
    });
}

/** POST …/scores — the hand scores and their comments. */
function saveScores(db: Db) {
  return async (req: Request, res: Response) => {
    const scheme = res.locals.scheme as SchemeRow;
    const sheet = await quarterSheet(db, scheme, res.locals.quarter);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const cells = sheet.rows.flatMap((row) =>
      sheet.criteria
        .filter((c) => c.method === 'MANUAL' && `score_${cellKey(row.unit.id, c.id)}` in body)
        .map((c) => ({ unitId: row.unit.id, unitName: row.unit.name, criterion: c })),
    );
    const form = parseForm(handScoresSchema(cells), body);
    if (!form.ok) return renderSheet(db, res, { errors: form.errors, values: form.values }, 400);
    const data = form.data as Record<string, number | string | undefined>;
    const scores = cells.map((c) => {
      const k = cellKey(c.unitId, c.criterion.id);
      return {
        unitId: c.unitId,
        criterionId: c.criterion.id,
        score: (data[`score_${k}`] as number | undefined) ?? null,
        comment: (data[`comment_${k}`] as string | undefined) ?? '',
      };
    });
    await attempt(
      db,
      req,
      res,
      async () => `已保存人工评分（${await saveHandScores(db, { ...ref(req, res), cells: scores })} 项有变化）`,
      body,
    );
  };
}

/** POST …/publish — publishes the quarter; the sheet becomes read-only. */
function publish(db: Db) {
  return (req: Request, res: Response) =>
    attempt(db, req, res, async () => {
      await publishRound(db, ref(req, res));
      return `${QUARTER_LABELS[res.locals.quarter - 1]}考核结果已发布，各支部可以查看`;
    });
}

/** POST …/reopen — the office takes a published quarter back to correct it. */
function reopen(db: Db) {
  return (req: Request, res: Response) =>
    attempt(db, req, res, async () => {
      await reopenRound(db, ref(req, res));
      return `已撤回${QUARTER_LABELS[res.locals.quarter - 1]}考核结果，可以重新评分`;
    });
}

function sendXlsx(res: Response, buffer: Buffer, filename: string) {
  res.attachment(filename).type(XLSX_TYPE).send(buffer);
}

/** GET …/export.xlsx — the quarter's sheet as an Excel workbook. */
function exportQuarter(db: Db) {
  return async (_req: Request, res: Response) => {
    const scheme = res.locals.scheme as SchemeRow;
    const sheet = await quarterSheet(db, scheme, res.locals.quarter);
    sendXlsx(
      res,
      await quarterWorkbook(scheme, res.locals.quarter, sheet),
      `${scheme.year}年${QUARTER_LABELS[res.locals.quarter - 1]}考核评分.xlsx`,
    );
  };
}

/** GET /assessment/:year/ranking.xlsx — the year ranking (published quarters; the office's copy shows drafts marked). */
function exportRanking(db: Db) {
  return async (req: Request, res: Response) => {
    const scheme = res.locals.scheme as SchemeRow;
    const results = await yearResults(db, scheme, { includeDrafts: can(req.user, 'assessment.manage') });
    sendXlsx(res, await rankingWorkbook(scheme, results), `${scheme.year}年党支部考核排名.xlsx`);
  };
}
