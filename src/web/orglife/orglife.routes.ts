import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { ValidationError } from '../../domain/errors.js';
import { FREQUENCY_LABELS, OBLIGATION_KINDS, obligationKind } from '../../domain/orglife/kinds.js';
import { excusePeriod, setObligation } from '../../domain/orglife/obligations.service.js';
import { myOrgLife } from '../../domain/orglife/my-orglife.js';
import { unitOrgLife } from '../../domain/orglife/orglife.service.js';
import { STATUS_LABELS } from '../../domain/orglife/status.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { loadUnit } from '../units/units.loaders.js';
import { excuseSchema, obligationSchema, orgLifeQuery } from './orglife.schemas.js';

/** A branch's organisational life: what it owes and what its records show, and the office's settings. */
export function orgLifeRoutes(db: Db): Router {
  const r = Router();
  const unit = [loadUnit(db), branchOnly];
  r.get('/units/:code/org-life', ...unit, allow('orglife.view'), showOrgLife(db));
  r.get('/units/:code/org-life/obligations', ...unit, allow('orglife.manage'), showObligations(db));
  r.post('/units/:code/org-life/obligations', ...unit, allow('orglife.manage'), saveObligation(db));
  r.post('/units/:code/org-life/excuses', ...unit, allow('orglife.manage'), saveExcuse(db));
  r.get('/me/org-life', allow('me.view'), showMine(db));
  return r;
}

/** Only branches owe organisational life; other units have no such page. */
function branchOnly(_req: Request, res: Response, next: NextFunction) {
  return (res.locals.unit as UnitRow).kind === 'BRANCH' ? next() : next(notFound('页面'));
}

const STYLES = ['/public/css/orglife.css'];
const LOCALS = { statusLabels: STATUS_LABELS, frequencyLabels: FREQUENCY_LABELS, kinds: OBLIGATION_KINDS };

/** GET /units/:code/org-life?year= — each obligation and period: done, due, overdue or excused; the year's rates. */
function showOrgLife(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const year = orgLifeQuery.parse(req.query).year ?? new Date().getUTCFullYear();
    const life = await unitOrgLife(db, unit.id, year, new Date());
    res.page('orglife/show', {
      title: `${unit.name} · ${year}年组织生活`,
      year,
      life,
      manager: can(req.user, 'orglife.manage', unit),
      errors: {},
      values: {},
      ...LOCALS,
      extraStyles: STYLES,
    });
  };
}

async function renderObligations(
  db: Db,
  res: Response,
  extra: { errors?: Record<string, string>; values?: Record<string, unknown> },
  status = 200,
) {
  const unit = res.locals.unit as UnitRow;
  const settings = await db.orgObligation.findMany({ where: { unitId: unit.id }, select: { kind: true, frequency: true, active: true } });
  res.page(
    'orglife/obligations',
    {
      title: `${unit.name} · 组织生活要求`,
      settings: new Map(settings.map((s) => [s.kind, s])),
      errors: {},
      values: {},
      ...LOCALS,
      ...extra,
    },
    status,
  );
}

/** GET /units/:code/org-life/obligations — the office's form: per kind, how often it is owed (defaults from the rules). */
function showObligations(db: Db) {
  return async (_req: Request, res: Response) => renderObligations(db, res, {});
}

/** POST /units/:code/org-life/obligations — one kind's frequency, or that the branch does not owe it. */
function saveObligation(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const form = parseForm(obligationSchema, req.body);
    if (!form.ok) return renderObligations(db, res, { errors: form.errors, values: form.values }, 400);
    const kind = await setObligation(db, { unit, ...form.data, actor: req.user!, ip: req.ip });
    flash(req, 'success', `已保存：${kind.label}`);
    res.redirect(303, `/units/${unit.code}/org-life/obligations`);
  };
}

/** POST /units/:code/org-life/excuses — the office accepts the branch's reason for a period with nothing recorded. */
function saveExcuse(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const form = parseForm(excuseSchema, req.body);
    const fromPeriod = form.ok ? orgLifeQuery.parse({ year: form.data.period.slice(0, 4) }).year : undefined;
    const year = (form.ok ? (form.data.year ?? fromPeriod) : undefined) ?? new Date().getUTCFullYear();
    const again = async (errors: Record<string, string>) => {
      const life = await unitOrgLife(db, unit.id, year, new Date());
      res.page(
        'orglife/show',
        { title: `${unit.name} · ${year}年组织生活`, year, life, manager: true, errors, values: req.body, ...LOCALS, extraStyles: STYLES },
        400,
      );
    };
    if (!form.ok) return again(form.errors);
    const life = await unitOrgLife(db, unit.id, year, new Date());
    const row = life?.obligations.find((o) => o.kind.key === form.data.kind && (o.group?.id ?? 0) === form.data.groupId);
    if (!row || !obligationKind(form.data.kind)) return again({ _form: '该单位没有这一项组织生活要求' });
    try {
      await excusePeriod(db, { unit, ...form.data, frequency: row.frequency, actor: req.user!, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError) return again(e.fieldErrors);
      throw e;
    }
    flash(req, 'success', `已认可说明：${row.kind.label}（${form.data.period}）`);
    res.redirect(303, `/units/${unit.code}/org-life?year=${year}`);
  };
}

/** GET /me/org-life?year= — the meetings I was due at this year: which I attended, which I missed and why. */
function showMine(db: Db) {
  return async (req: Request, res: Response) => {
    const year = orgLifeQuery.parse(req.query).year ?? new Date().getUTCFullYear();
    res.page('orglife/mine', { title: `我的组织生活 · ${year}年`, year, mine: await myOrgLife(db, req.user!.id, year) });
  };
}
