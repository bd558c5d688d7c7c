import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { readDuesWorkbook, duesWorkbook } from '../../domain/dues/dues-excel.js';
import { duesSheet } from '../../domain/dues/dues.queries.js';
import { checkDuesSheet, saveDuesSheet } from '../../domain/dues/dues.service.js';
import { yuan } from '../../domain/dues/money.js';
import { thisMonth } from '../../domain/dues/months.js';
import { ValidationError } from '../../domain/errors.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { isoDay } from '../../lib/dates.js';
import { flash } from '../flash.js';
import { allow } from '../guard.js';
import { loadUnit } from '../units/units.loaders.js';
import { monthField, parseSheetLines, rawLinesOf, type RawLine } from './dues.schemas.js';

/** The month's dues sheet of a unit (党费收缴): personal data for the unit's secretary, 组织委员 and the office. */
export function duesRoutes(db: Db): Router {
  const r = Router();
  r.get('/units/:code/dues', loadUnit(db), allow('dues.view'), showSheet(db));
  r.post('/units/:code/dues', loadUnit(db), allow('dues.edit'), saveSheet(db));
  r.get('/units/:code/dues.xlsx', loadUnit(db), allow('dues.view'), exportSheet(db));
  r.post('/units/:code/dues/import', loadUnit(db), allow('dues.edit'), previewImport(db));
  return r;
}

interface SheetView {
  month: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  preview?: boolean;
  status?: number;
}

/** The sheet page; `values` are what was typed or imported (shown instead of what is stored). */
async function renderSheet(db: Db, res: Response, v: SheetView) {
  const unit = res.locals.unit as UnitRow;
  const sheet = await duesSheet(db, unit, v.month);
  const shown = (personId: number, field: 'paid' | 'paidOn' | 'note') => {
    const typed = v.values?.[`${field}_${personId}`];
    if (typed !== undefined) return typed;
    const row = sheet.rows.find((r) => r.personId === personId)!;
    if (field === 'note') return row.paid?.note ?? '';
    if (field === 'paidOn') return row.paid?.paidOn ? isoDay(row.paid.paidOn) : '';
    const fen = row.paid?.paidOn ? row.paid.paidFen : row.due?.dueFen;
    return fen == null ? '' : yuan(fen);
  };
  res.page(
    'dues/sheet',
    {
      title: `${v.month} 党费收缴`,
      extraStyles: ['/public/css/members.css'],
      sheet,
      shown,
      yuan,
      errors: v.errors ?? {},
      preview: !!v.preview,
      thisMonth: thisMonth(),
    },
    v.status ?? 200,
  );
}

/** GET /units/:code/dues?month=YYYY-MM — every member, 应缴 with its rule, 实缴, paid date, the month's totals. */
function showSheet(db: Db) {
  return async (req: Request, res: Response) => {
    const asked = typeof req.query.month === 'string' ? req.query.month : thisMonth();
    const month = monthField.safeParse(asked);
    if (!month.success) return renderSheet(db, res, { month: thisMonth(), errors: { month: month.error.issues[0].message }, status: 400 });
    await renderSheet(db, res, { month: month.data });
  };
}

/** POST /units/:code/dues — save the sheet (also the "apply" of an imported sheet's preview). */
function saveSheet(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const body = req.body as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const month = monthField.safeParse(body.month);
    if (!month.success) return renderSheet(db, res, { month: thisMonth(), errors: { month: month.error.issues[0].message }, status: 400 });
    const { lines, errors } = parseSheetLines(rawLinesOf(body));
    if (Object.keys(errors).length) return renderSheet(db, res, { month: month.data, values, errors, status: 400 });
    try {
      const done = await saveDuesSheet(db, { unit, month: month.data, lines, actor: req.user!, ip: req.ip });
      flash(req, 'success', `已保存 ${month.data} 党费收缴表（${done.saved} 人）`);
    } catch (e) {
      if (e instanceof ValidationError) return renderSheet(db, res, { month: month.data, values, errors: e.fieldErrors, status: 400 });
      throw e;
    }
    res.redirect(303, `/units/${unit.code}/dues?month=${month.data}`);
  };
}

/** GET /units/:code/dues.xlsx?month= — the sheet as a workbook to fill in offline. */
function exportSheet(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const month = monthField.safeParse(typeof req.query.month === 'string' ? req.query.month : thisMonth());
    if (!month.success) return renderSheet(db, res, { month: thisMonth(), errors: { month: month.error.issues[0].message }, status: 400 });
    const buf = await duesWorkbook(unit, await duesSheet(db, unit, month.data));
    const name = `${unit.name}${month.data}党费收缴表.xlsx`;
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="dues-${unit.code}-${month.data}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    res.send(buf);
  };
}

/** POST /units/:code/dues/import — a filled-in sheet shown on the page with each row's errors; saved only by "保存". */
function previewImport(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const month = monthField.safeParse((req.body as Record<string, unknown>).month);
    if (!month.success) return renderSheet(db, res, { month: thisMonth(), errors: { month: month.error.issues[0].message }, status: 400 });
    const again = (file: string) => renderSheet(db, res, { month: month.data, errors: { file }, status: 400 });
    if (req.uploadError) return again(req.uploadError);
    const file = ((req.files as Express.Multer.File[] | undefined) ?? [])[0];
    if (!file) return again('请选择要导入的 Excel 文件');
    let raw: RawLine[];
    try {
      raw = await readDuesWorkbook(file.buffer);
    } catch (e) {
      return again((e as Error).message);
    }
    const values: Record<string, string> = {};
    for (const l of raw)
      Object.assign(values, { [`paid_${l.personId}`]: l.paid, [`paidOn_${l.personId}`]: l.paidOn, [`note_${l.personId}`]: l.note });
    const parsed = parseSheetLines(raw);
    const checked = await checkDuesSheet(db, { unit, month: month.data, lines: parsed.lines });
    const errors = { ...checked.errors, ...parsed.errors };
    await renderSheet(db, res, { month: month.data, values, errors, preview: true, status: Object.keys(errors).length ? 400 : 200 });
  };
}
