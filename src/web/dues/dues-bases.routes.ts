import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { basesInForce, duesMembersWhere, myDues } from '../../domain/dues/dues.queries.js';
import { declareDuesBase } from '../../domain/dues/dues.service.js';
import { yuan } from '../../domain/dues/money.js';
import { thisMonth } from '../../domain/dues/months.js';
import { DUES_CATEGORY_LABELS } from '../../domain/dues/rules.js';
import { ValidationError } from '../../domain/errors.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { loadUnit } from '../units/units.loaders.js';
import { baseSchema } from './dues.schemas.js';

const STYLES = ['/public/css/members.css'];

/** Dues bases of a unit's members and a member's own dues (the rate table: dues-rates.routes.ts). */
export function duesBasesRoutes(db: Db): Router {
  const r = Router();
  r.get('/units/:code/dues/bases', loadUnit(db), allow('dues.view'), showBases(db));
  r.post('/units/:code/dues/bases', loadUnit(db), allow('dues.edit'), declareBase(db));
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

/** GET /me/dues — my base and its history, my rate, and each month's 应缴 and 实缴. */
function showMyDues(db: Db) {
  return async (req: Request, res: Response) => {
    const mine = await myDues(db, req.user!.id);
    res.page('dues/mine', { title: '我的党费', extraStyles: STYLES, mine, yuan, categories: DUES_CATEGORY_LABELS });
  };
}
