import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { rateTable } from '../../domain/dues/dues.queries.js';
import { percent, yuan } from '../../domain/dues/money.js';
import { changeDuesRates } from '../../domain/dues/rates.service.js';
import { DUES_CATEGORY_LABELS } from '../../domain/dues/rules.js';
import { ValidationError } from '../../domain/errors.js';
import { toId } from '../../lib/ids.js';
import { flash } from '../flash.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { parseNewRate, parseRates } from './dues-rates.schemas.js';

const STYLES = ['/public/css/members.css'];

/** The dues rate table: everyone reads it, the office edits, adds and removes its lines. */
export function duesRatesRoutes(db: Db): Router {
  const r = Router();
  r.get('/dues/rates', allow('me.dues'), showRates(db));
  r.post('/dues/rates', allow('dues.rates'), saveRates(db));
  r.post('/dues/rates/new', allow('dues.rates'), addRate(db));
  r.post('/dues/rates/:id/delete', loadRate(db), allow('dues.rates'), deleteRate(db));
  return r;
}

/** Puts the line named by `:id` on `res.locals.rate`, or answers 404. */
function loadRate(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const rate = id == null ? null : await db.duesRate.findUnique({ where: { id }, select: { id: true, label: true } });
    if (!rate) return next(notFound('党费标准'));
    res.locals.rate = rate;
    next();
  };
}

async function renderRates(
  db: Db,
  res: Response,
  values: Record<string, unknown> | null,
  errors: Record<string, string> = {},
  status = 200,
) {
  const rates = await rateTable(db);
  res.page(
    'dues/rates',
    { title: '党费交纳标准', extraStyles: STYLES, rates, values, errors, yuan, percent, categories: DUES_CATEGORY_LABELS },
    status,
  );
}

/**
 * Applies the form's lines with a line added or removed, checked as a whole table by the service; a wrong field or
 * table shows the page again with what is wrong and the form as sent.
 */
async function applyChange(db: Db, req: Request, res: Response, change: { add?: boolean; removeId?: number }, done: string) {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const ids = (await rateTable(db)).map((r) => r.id).filter((id) => id !== change.removeId);
  const { rates, errors } = parseRates(body, ids);
  const add = change.add ? parseNewRate(body, errors) : undefined;
  if (Object.keys(errors).length) return renderRates(db, res, body, errors, 400);
  try {
    await changeDuesRates(db, { edits: rates, add, removeId: change.removeId, actor: req.user!, ip: req.ip });
  } catch (e) {
    if (e instanceof ValidationError) return renderRates(db, res, body, e.fieldErrors, 400);
    throw e;
  }
  flash(req, 'success', done);
  res.redirect(303, '/dues/rates');
}

/** GET /dues/rates — the rate table (the same for everyone; the office edits it). */
function showRates(db: Db) {
  return async (_req: Request, res: Response) => renderRates(db, res, null);
}

/** POST /dues/rates — the office changes brackets, rates or fixed amounts; sheets saved before keep their 应缴. */
function saveRates(db: Db) {
  return async (req: Request, res: Response) => applyChange(db, req, res, {}, '已保存党费交纳标准');
}

/** POST /dues/rates/new — a line added, with the edits to its neighbours made in the same form. */
function addRate(db: Db) {
  return async (req: Request, res: Response) => applyChange(db, req, res, { add: true }, '已增加一条党费标准');
}

/** POST /dues/rates/:id/delete — a line removed, with the edits to its neighbours made in the same form. */
function deleteRate(db: Db) {
  return async (req: Request, res: Response) => {
    const rate = res.locals.rate as { id: number; label: string };
    return applyChange(db, req, res, { removeId: rate.id }, `已删除党费标准：${rate.label}`);
  };
}
