import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { periodSheet, type SheetRow } from '../../domain/boards/report.queries.js';
import { recordPeriodSheet, type Figure } from '../../domain/boards/report.service.js';
import { ValidationError } from '../../domain/errors.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { loadUnit } from '../units/units.loaders.js';
import { measurementSchema } from './boards.schemas.js';
import { boardUrl } from './board-url.js';
import { hintOf } from './report-form.js';

/** The month sheet: every target due in a month on one form (issue 17). */
export function boardReportRoutes(db: Db): Router {
  const r = Router();
  const unit = loadUnit(db);
  r.get('/units/:code/board/report', unit, allow('board.report'), showSheet(db));
  r.post('/units/:code/board/report', unit, allow('board.report'), saveSheet(db));
  return r;
}

const figureSchema = measurementSchema.omit({ period: true });

/** `?period=YYYY-MM`; by default the month due now (the last one ended), not the one in progress. */
function monthOf(req: Request, now: Date): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(z.string().catch('').parse(req.query.period));
  if (m && +m[2] >= 1 && +m[2] <= 12 && +m[1] >= 2000 && +m[1] <= 2100) return { year: +m[1], month: +m[2] };
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** The thirteen months up to the one in progress, newest first, for the month picker. */
function recentMonths(now: Date) {
  return Array.from({ length: 13 }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

async function renderSheet(
  db: Db,
  req: Request,
  res: Response,
  extra: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
  status = 200,
) {
  const now = new Date();
  const u = res.locals.unit as UnitRow;
  const { year, month } = monthOf(req, now);
  const rows = await periodSheet(db, u.id, year, month, now);
  const office = can(req.user, 'board.correct', u);
  const period = `${year}-${String(month).padStart(2, '0')}`;
  res.page(
    'boards/report',
    {
      title: `${u.name} · ${year}年${month}月数据填报`,
      year,
      month,
      period,
      months: recentMonths(now),
      rows: rows.map((r) => ({ ...r, editable: r.window === 'open' || (office && r.window === 'closed'), hint: hintOf(r.range) })),
      office,
      values: extra.values ?? {},
      errors: extra.errors ?? {},
    },
    status,
  );
}

/** GET /units/:code/board/report?period=YYYY-MM — the month's targets with last period's figure and the plan beside each field. */
function showSheet(db: Db) {
  return (req: Request, res: Response) => renderSheet(db, req, res);
}

/** POST /units/:code/board/report?period=YYYY-MM — every filled field saved together, or none with the errors beside them. */
function saveSheet(db: Db) {
  return async (req: Request, res: Response) => {
    const u = res.locals.unit as UnitRow;
    const now = new Date();
    const { year, month } = monthOf(req, now);
    const rows = await periodSheet(db, u.id, year, month, now);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { figures, errors } = readFigures(rows, body);
    if (!figures.length && !Object.keys(errors).length) errors._form = '请至少填写一项目标的实际值';
    if (Object.keys(errors).length) return renderSheet(db, req, res, { values: body, errors }, 400);
    try {
      await recordPeriodSheet(db, { unit: u, actor: req.user!, ip: req.ip, figures, now });
    } catch (e) {
      if (e instanceof ValidationError) return renderSheet(db, req, res, { values: body, errors: e.fieldErrors }, 400);
      throw e;
    }
    flash(req, 'success', `已填报${year}年${month}月 ${figures.length} 项目标的数据`);
    res.redirect(303, boardUrl(u.code, year));
  };
}

/** The filled rows of the sheet as figures; a row left blank is not reported. Errors are keyed `<field>_<targetId>`. */
function readFigures(rows: SheetRow[], body: Record<string, unknown>) {
  const figures: Figure[] = [];
  const errors: Record<string, string> = {};
  for (const r of rows) {
    const field = (name: string) => body[`${name}_${r.id}`];
    if (typeof field('actual') !== 'string' || !(field('actual') as string).trim()) continue;
    const form = parseForm(figureSchema, { actual: field('actual'), note: field('note'), reason: field('reason') });
    if (!form.ok) for (const [k, v] of Object.entries(form.errors)) errors[`${k}_${r.id}`] = v;
    else figures.push({ targetId: r.id, period: r.n, actual: form.data.actual, note: form.data.note ?? '', reason: form.data.reason });
  }
  return { figures, errors };
}
