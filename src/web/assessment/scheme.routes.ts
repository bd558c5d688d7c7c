import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import type { SchemeRow } from '../../domain/assessment/assessment.queries.js';
import { addCriterion, createScheme, retireCriterion, updateCriterion } from '../../domain/assessment/scheme.service.js';
import { ValidationError } from '../../domain/errors.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { loadYear, needScheme } from './assessment.loaders.js';
import { createSchemeSchema, criterionSchema } from './assessment.schemas.js';
import { ASSESSMENT_LOCALS } from './view-locals.js';

/** The office's scheme of a year: create it (optionally from last year's), add, change and retire criteria. */
export function schemeRoutes(db: Db): Router {
  const r = Router();
  r.get('/assessment/:year/scheme', loadYear(db), allow('assessment.manage'), showScheme(db));
  r.post('/assessment/:year/scheme', loadYear(db), allow('assessment.manage'), create(db));
  r.post('/assessment/:year/criteria', loadYear(db), needScheme, allow('assessment.manage'), add(db));
  r.post('/assessment/:year/criteria/:id', loadYear(db), needScheme, loadCriterion, allow('assessment.manage'), edit(db));
  r.post('/assessment/:year/criteria/:id/retire', loadYear(db), needScheme, loadCriterion, allow('assessment.manage'), retire(db));
  return r;
}

/** After needScheme: the scheme's criterion named by `:id` (not retired) on `res.locals.criterion`, or 404. */
function loadCriterion(req: Request, res: Response, next: NextFunction) {
  const id = Number(req.params.id);
  const c = (res.locals.scheme as SchemeRow).criteria.find((x) => x.id === id && !x.retiredAt);
  if (!c) return next(notFound('考核内容'));
  res.locals.criterion = c;
  next();
}

/**
 * Renders the scheme page; `form` names the form that was refused ('scheme', 'add' or a criterion id) so that
 * its values and messages go back into that form only.
 */
async function render(
  db: Db,
  res: Response,
  extra: { form?: string | number; values?: Record<string, unknown>; errors?: Record<string, string> } = {},
  status = 200,
) {
  const year = res.locals.year as number;
  const previous = res.locals.scheme
    ? null
    : await db.assessmentScheme.findUnique({
        where: { year: year - 1 },
        select: { year: true, _count: { select: { criteria: { where: { retiredAt: null } } } } },
      });
  res.page(
    'assessment/scheme',
    { title: `${year} 年考核方案`, year, scheme: res.locals.scheme, previous, form: null, ...ASSESSMENT_LOCALS, ...extra },
    status,
  );
}

/** GET /assessment/:year/scheme — the criteria with their forms, or the form that creates the year's scheme. */
function showScheme(db: Db) {
  return async (_req: Request, res: Response) => render(db, res);
}

const back = (res: Response) => `/assessment/${res.locals.year}/scheme`;

async function attempt(db: Db, req: Request, res: Response, form: string | number, run: () => Promise<string>) {
  try {
    flash(req, 'success', await run());
  } catch (e) {
    if (e instanceof ValidationError) return render(db, res, { form, values: req.body, errors: e.fieldErrors }, 400);
    throw e;
  }
  res.redirect(303, back(res));
}

/** POST /assessment/:year/scheme — creates the year's scheme, empty or copied from last year's. */
function create(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(createSchemeSchema, req.body);
    if (!form.ok) return render(db, res, { form: 'scheme', values: form.values, errors: form.errors }, 400);
    await attempt(db, req, res, 'scheme', async () => {
      const { copied } = await createScheme(db, {
        year: res.locals.year,
        note: form.data.note,
        copyPrevious: form.data.copyPrevious,
        actorId: req.user!.id,
        ip: req.ip,
      });
      return copied
        ? `已建立 ${res.locals.year} 年考核方案，沿用上年 ${copied} 项考核内容`
        : `已建立 ${res.locals.year} 年考核方案，请添加考核内容`;
    });
  };
}

/** POST /assessment/:year/criteria — adds a criterion. */
function add(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(criterionSchema, req.body);
    if (!form.ok) return render(db, res, { form: 'add', values: form.values, errors: form.errors }, 400);
    await attempt(db, req, res, 'add', async () => {
      await addCriterion(db, { schemeId: res.locals.scheme.id, input: form.data, actorId: req.user!.id, ip: req.ip });
      return `已添加考核内容“${form.data.title}”`;
    });
  };
}

/** POST /assessment/:year/criteria/:id — changes title, method, weight, maximum or norm; totals follow at once. */
function edit(db: Db) {
  return async (req: Request, res: Response) => {
    const id = res.locals.criterion.id as number;
    const form = parseForm(criterionSchema, req.body);
    if (!form.ok) return render(db, res, { form: id, values: form.values, errors: form.errors }, 400);
    await attempt(db, req, res, id, async () => {
      await updateCriterion(db, { schemeId: res.locals.scheme.id, criterionId: id, input: form.data, actorId: req.user!.id, ip: req.ip });
      return `已修改考核内容“${form.data.title}”，各季度总分已按新设置重新计算`;
    });
  };
}

/** POST /assessment/:year/criteria/:id/retire — retires a criterion (its scores are kept, it leaves the totals). */
function retire(db: Db) {
  return async (req: Request, res: Response) => {
    await retireCriterion(db, { schemeId: res.locals.scheme.id, criterionId: res.locals.criterion.id, actorId: req.user!.id, ip: req.ip });
    flash(req, 'success', `已停用考核内容“${res.locals.criterion.title}”`);
    res.redirect(303, back(res));
  };
}
