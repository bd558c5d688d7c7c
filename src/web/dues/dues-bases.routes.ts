import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { basesInForce, duesMembersWhere, myDues, rateTable } from '../../domain/dues/dues.queries.js';
import { declareDuesBase, updateDuesRates } from '../../domain/dues/dues.service.js';
import { percent, yuan } from '../../domain/dues/money.js';
import { thisMonth } from '../../domain/dues/months.js';
import { DUES_CATEGORY_LABELS } from '../../domain/dues/rules.js';
import { ValidationError } from '../../domain/errors.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { loadUnit } from '../units/units.loaders.js';
import { baseSchema, parseRates } from './dues.schemas.js';

const STYLES = ['/public/css/members.css'];

/** Dues bases of a unit's members, the rate table (the office edits it), and a member's own dues. */
export function duesBasesRoutes(db: Db): Router {
  const r = Router();
  r.get('/units/:code/dues/bases', loadUnit(db), allow('dues.view'), showBases(db));
  r.post('/units/:code/dues/bases', loadUnit(db), allow('dues.edit'), declareBase(db));
  r.get('/dues/rates', allow('me.dues'), showRates(db));
  r.post('/dues/rates', allow('dues.rates'), saveRates(db));
  r.get('/me/dues', allow('me.dues'), showMyDues(db));
  return r;
}

async function renderBases(db: Db, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const unit = res.locals.unit as UnitRow;
  const people = await db.person.findMany({
    where: duesMembersWhere(unit.id),
    select: { id: true, displayName: true },
    orderBy: { id: 'asc' },
  });
  const bases = await basesInForce(
    db,
    people.map((p) => p.id),
    thisMonth(),
  );
  const rows = people.map((p) => ({ ...p, base: bases.get(p.id) ?? null }));
  res.page(
    'dues/bases',
    { title: '党费基数', extraStyles: STYLES, rows, values, errors, yuan, categories: DUES_CATEGORY_LABELS, thisMonth: thisMonth() },
    status,
  );
}

/** GET /units/:code/dues/bases — each member's base in force this month, and the form to declare a new one. */
function showBases(db: Db) {
  return async (_req: Request, res: Response) => renderBases(db, res, { validFrom: thisMonth() });
}

/** POST /units/:code/dues/bases — a member's base from a month on (declared yearly or when the pay changes). */
function declareBase(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const form = parseForm(baseSchema, req.body);
    if (!form.ok) return renderBases(db, res, form.values, form.errors, 400);
    const d = form.data;
    try {
      const done = await declareDuesBase(db, {
        unit,
        personId: d.personId,
        category: d.category,
        baseFen: d.category === 'ON_JOB' || d.category === 'RETIRED' ? d.base : null,
        fixedFen: d.category === 'BRANCH_FIXED' ? d.fixed : null,
        validFrom: d.validFrom,
        note: d.note ?? '',
        actor: req.user!,
        ip: req.ip,
      });
      flash(req, 'success', `已申报 ${done.person} 自 ${d.validFrom} 起的党费基数`);
    } catch (e) {
      if (e instanceof ValidationError) return renderBases(db, res, req.body, e.fieldErrors, 400);
      throw e;
    }
    res.redirect(303, `/units/${unit.code}/dues/bases`);
  };
}

async function renderRates(
  db: Db,
  res: Response,
  values: Record<string, string> | null,
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

/** GET /dues/rates — the rate table (the same for everyone; the office edits it). */
function showRates(db: Db) {
  return async (_req: Request, res: Response) => renderRates(db, res, null);
}

/** POST /dues/rates — the office changes brackets, rates or fixed amounts; sheets saved before keep their 应缴. */
function saveRates(db: Db) {
  return async (req: Request, res: Response) => {
    const body = req.body as Record<string, unknown>;
    const ids = (await rateTable(db)).map((r) => r.id);
    const { rates, errors } = parseRates(body, ids);
    if (Object.keys(errors).length) return renderRates(db, res, body as Record<string, string>, errors, 400);
    await updateDuesRates(db, { rates, actor: req.user!, ip: req.ip });
    flash(req, 'success', '已保存党费交纳标准');
    res.redirect(303, '/dues/rates');
  };
}

/** GET /me/dues — my base and its history, my rate, and each month's 应缴 and 实缴. */
function showMyDues(db: Db) {
  return async (req: Request, res: Response) => {
    const mine = await myDues(db, req.user!.id);
    res.page('dues/mine', { title: '我的党费', extraStyles: STYLES, mine, yuan, categories: DUES_CATEGORY_LABELS });
  };
}
