import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { appraisablePeople, DEFAULT_GRADES, roundOf, tally, windowState, type Round } from '../../domain/appraisal/appraisal.queries.js';
import { castBallot, openRound, saveFinalGrades, saveSelfAppraisal } from '../../domain/appraisal/appraisal.service.js';
import { can } from '../../domain/authz/can.js';
import { ValidationError } from '../../domain/errors.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { forbidden, notFound } from '../http-errors.js';
import { loadUnit } from '../units/units.loaders.js';
import { fieldsByPerson, openRoundSchema, selfSchema } from './appraisal.schemas.js';

const BASE = '/units/:code/appraisals/:year';

/** 民主评议党员: the year's round, the self-appraisal, the one secret ballot, the results and the final grades. */
export function appraisalRoutes(db: Db): Router {
  const r = Router();
  r.get(BASE, loadUnit(db), loadRound(db), allow('appraisal.view'), showRound(db));
  r.post(BASE, loadUnit(db), loadRound(db), allow('appraisal.manage'), createRound(db));
  r.post(`${BASE}/self`, loadUnit(db), loadRound(db), allow('appraisal.vote'), saveSelf(db));
  r.get(`${BASE}/ballot`, loadUnit(db), loadRound(db), allow('appraisal.vote'), showBallot(db));
  r.post(`${BASE}/ballot`, loadUnit(db), loadRound(db), allow('appraisal.vote'), cast(db));
  r.post(`${BASE}/final`, loadUnit(db), loadRound(db), allow('appraisal.manage'), saveFinal(db));
  return r;
}

/** Puts the year and its round (or null) on res.locals; a year that is not one answers 404. */
function loadRound(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const year = Number(req.params.year);
    if (!/^\d{4}$/.test(String(req.params.year)) || year < 2000 || year > 2100) return next(notFound('评议年度'));
    res.locals.year = year;
    res.locals.round = await roundOf(db, (res.locals.unit as UnitRow).id, year);
    next();
  };
}

const isSubject = (round: Round | null, personId: number) => !!round?.subjects.some((s) => s.personId === personId);

async function renderRound(
  db: Db,
  req: Request,
  res: Response,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
  status = 200,
) {
  const unit = res.locals.unit as UnitRow;
  const round = res.locals.round as Round | null;
  const officer = can(req.user, 'appraisal.results', unit);
  if (!officer && !isSubject(round, req.user!.id)) throw forbidden();
  const state = round ? windowState(round) : null;
  const [people, counts] = await Promise.all([
    !round && can(req.user, 'appraisal.manage', unit) ? appraisablePeople(db, unit.id) : [],
    round && state === 'closed' ? tally(db, round.id) : new Map<number, Record<string, number>>(),
  ]);
  // a member sees their own result only; officers and the office see everyone's
  const results = round && state === 'closed' ? round.subjects.filter((s) => officer || s.personId === req.user!.id) : [];
  res.page(
    'appraisal/round',
    {
      title: `${res.locals.year}年度民主评议党员`,
      extraStyles: ['/public/css/members.css'],
      round,
      state,
      people,
      counts,
      results,
      officer,
      defaultGrades: DEFAULT_GRADES,
      me: req.user!.id,
      values,
      errors,
    },
    status,
  );
}

/** GET …/appraisals/:year — the round: window, who is appraised, my self-appraisal and ballot, the results after. */
function showRound(db: Db) {
  return async (req: Request, res: Response) => renderRound(db, req, res);
}

/** POST …/appraisals/:year — the secretary opens the year's round. */
function createRound(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const form = parseForm(openRoundSchema, req.body);
    if (!form.ok) return renderRound(db, req, res, form.values, form.errors, 400);
    try {
      await openRound(db, { unit, year: res.locals.year, ...form.data, actor: req.user!, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError) return renderRound(db, req, res, req.body, e.fieldErrors, 400);
      throw e;
    }
    flash(req, 'success', `已发起 ${res.locals.year} 年度民主评议`);
    res.redirect(303, `/units/${unit.code}/appraisals/${res.locals.year}`);
  };
}

/** The round a member acts in: 404 without one, 403 when they are not appraised in it. */
function ownRound(req: Request, res: Response): Round {
  const round = res.locals.round as Round | null;
  if (!round) throw notFound('评议');
  if (!isSubject(round, req.user!.id)) throw forbidden();
  return round;
}

/** POST …/self — my self-appraisal (自评). */
function saveSelf(db: Db) {
  return async (req: Request, res: Response) => {
    const round = ownRound(req, res);
    const form = parseForm(selfSchema, req.body);
    if (!form.ok) return renderRound(db, req, res, form.values, form.errors, 400);
    try {
      await saveSelfAppraisal(db, {
        round: { ...round, unitId: (res.locals.unit as UnitRow).id },
        text: form.data.selfText,
        actor: req.user!,
        ip: req.ip,
      });
    } catch (e) {
      if (e instanceof ValidationError) return renderRound(db, req, res, req.body, e.fieldErrors, 400);
      throw e;
    }
    flash(req, 'success', '已保存自评');
    res.redirect(303, req.originalUrl.replace(/\/self$/, ''));
  };
}

function renderBallot(
  req: Request,
  res: Response,
  round: Round,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
  status = 200,
) {
  const me = round.subjects.find((s) => s.personId === req.user!.id)!;
  res.page(
    'appraisal/ballot',
    {
      title: `${res.locals.year}年度民主评议投票`,
      extraStyles: ['/public/css/members.css'],
      round,
      state: windowState(round),
      voted: me.voted,
      others: round.subjects.filter((s) => s.personId !== me.personId),
      values,
      errors,
    },
    status,
  );
}

/** GET …/ballot — my secret ballot: a grade for each other member (once, while the window is open). */
function showBallot(_db: Db) {
  return async (req: Request, res: Response) => renderBallot(req, res, ownRound(req, res));
}

/** POST …/ballot — cast it; a second ballot, one after the window, a grade outside the list are refused. */
function cast(db: Db) {
  return async (req: Request, res: Response) => {
    const round = ownRound(req, res);
    const grades = fieldsByPerson(req.body as Record<string, unknown>, 'grade');
    try {
      await castBallot(db, { round: { ...round, unitId: (res.locals.unit as UnitRow).id }, grades, actor: req.user!, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError) return renderBallot(req, res, round, req.body, e.fieldErrors, 400);
      throw e;
    }
    flash(req, 'success', '您的选票已投出。投票是无记名的：系统只记录您已投票，不记录您投了什么。');
    res.redirect(303, req.originalUrl.replace(/\/ballot$/, ''));
  };
}

/** POST …/final — the 支委会's final grade and comment per person, after the window. */
function saveFinal(db: Db) {
  return async (req: Request, res: Response) => {
    const round = res.locals.round as Round | null;
    if (!round) throw notFound('评议');
    const body = req.body as Record<string, unknown>;
    const grades = fieldsByPerson(body, 'final');
    const comments = fieldsByPerson(body, 'comment');
    const finals = Object.fromEntries(
      round.subjects.map((s) => [s.personId, { grade: grades[s.personId] ?? '', comment: comments[s.personId] ?? '' }]),
    );
    try {
      await saveFinalGrades(db, { round: { ...round, unitId: (res.locals.unit as UnitRow).id }, finals, actor: req.user!, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError) return renderRound(db, req, res, body, e.fieldErrors, 400);
      throw e;
    }
    flash(req, 'success', '已保存评定等次');
    res.redirect(303, req.originalUrl.replace(/\/final$/, ''));
  };
}
