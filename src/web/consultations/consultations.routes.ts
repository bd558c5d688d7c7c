import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { audienceContext, consultationPhase, PHASE_LABELS, today } from '../../domain/consultations/audience.js';
import { consultationView, listConsultations, type ConsultationRow } from '../../domain/consultations/consultations.queries.js';
import {
  AUDIENCE_LABELS,
  choosableUnits,
  giveOpinion,
  openConsultation,
  publishSummary,
} from '../../domain/consultations/consultations.service.js';
import { ValidationError } from '../../domain/errors.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { forbidden } from '../http-errors.js';
import { loadConsultation, loadOwnerUnit } from './consultations.loaders.js';
import { listQuery, openConsultationSchema, opinionSchema, summarySchema } from './consultations.schemas.js';

const LOCALS = { phaseLabels: PHASE_LABELS, audienceLabels: AUDIENCE_LABELS, extraStyles: ['/public/css/voices.css'] };

export function consultationsRoutes(db: Db): Router {
  const r = Router();
  r.get('/consultations', allow('consultation.view'), list(db));
  r.get('/consultations/new', loadOwnerUnit(db), allow('consultation.manage'), newForm(db));
  r.post('/consultations', loadOwnerUnit(db), allow('consultation.manage'), create(db));
  r.get('/consultations/:id', loadConsultation(db), allow('consultation.view'), show(db));
  r.post('/consultations/:id/opinion', loadConsultation(db), allow('consultation.opine'), opine(db));
  r.post('/consultations/:id/summary', loadConsultation(db), allow('consultation.manage'), summarize(db));
  return r;
}

/** GET /consultations — the questions put to me (and those of the units I manage), open ones first by closing date. */
function list(db: Db) {
  return async (req: Request, res: Response) => {
    const q = listQuery.parse(req.query);
    const a = await audienceContext(db, req.user!);
    const result = await listConsultations(db, a, q.page);
    const mayOpen = a.office || a.managedUnitIds.length > 0;
    res.page('consultations/index', {
      title: '征求意见',
      result,
      mayOpen,
      office: a.office,
      today: today(),
      phase: consultationPhase,
      pager: { page: q.page, pages: result.pages, total: result.total, params: {} },
      ...LOCALS,
    });
  };
}

async function renderNew(db: Db, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const unit = res.locals.unit as UnitRow;
  res.page('consultations/new', { title: '发起征求意见', choosable: await choosableUnits(db, unit), values, errors, ...LOCALS }, status);
}

/** GET /consultations/new?unit= — the form, for the committee (the office) or the secretary's unit. */
function newForm(db: Db) {
  return async (_req: Request, res: Response) => {
    const start = today();
    const end = new Date(Date.parse(`${start}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    await renderNew(db, res, { audience: 'ALL', startDate: start, endDate: end, unitIds: [] });
  };
}

/** POST /consultations — open it. */
function create(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(openConsultationSchema, req.body);
    if (!form.ok) return renderNew(db, res, form.values, form.errors, 400);
    try {
      const c = await openConsultation(db, { unit: res.locals.unit, actor: req.user!, ...form.data, ip: req.ip });
      flash(req, 'success', '征求意见已发起，征求范围内的人员可以在截止日期前提出意见');
      res.redirect(303, `/consultations/${c.id}`);
    } catch (e) {
      if (e instanceof ValidationError) return renderNew(db, res, req.body, e.fieldErrors, 400);
      throw e;
    }
  };
}

async function renderShow(db: Db, req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const c = res.locals.consultation as ConsultationRow;
  const owner = can(req.user, 'consultation.manage', res.locals.unit);
  const a = await audienceContext(db, req.user!);
  const view = await consultationView(db, c, a, owner);
  if (!view.visible) throw forbidden('您不在本次征求意见的范围内');
  const phase = consultationPhase(c, today());
  res.page(
    'consultations/show',
    {
      title: `征求意见：${c.title}`,
      c,
      view,
      owner,
      seesOpinions: owner || a.office,
      phase,
      values: { body: view.mine?.body ?? '', heard: c.summaryHeard ?? '', actions: c.summaryActions ?? '' },
      ...LOCALS,
      ...extra,
    },
    status,
  );
}

/** GET /consultations/:id — the question; my opinion while open; the summary once published; every opinion for the owner. */
function show(db: Db) {
  return async (req: Request, res: Response) => renderShow(db, req, res);
}

/** POST /consultations/:id/opinion — give or change my opinion while it is open. */
function opine(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(opinionSchema, req.body);
    if (!form.ok) return renderShow(db, req, res, { errors: form.errors, values: form.values }, 400);
    try {
      const done = await giveOpinion(db, {
        consultationId: res.locals.consultation.id,
        actor: req.user!,
        audience: await audienceContext(db, req.user!),
        body: form.data.body,
        ip: req.ip,
      });
      flash(req, 'success', done === 'given' ? '意见已提交，截止前可以修改' : '意见已修改');
    } catch (e) {
      if (e instanceof ValidationError) return renderShow(db, req, res, { errors: e.fieldErrors, values: req.body }, 400);
      throw e;
    }
    res.redirect(303, `/consultations/${res.locals.consultation.id}`);
  };
}

/** POST /consultations/:id/summary — after it closes, the owner publishes what was heard and what will be done. */
function summarize(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(summarySchema, req.body);
    if (!form.ok) return renderShow(db, req, res, { errors: form.errors, values: form.values }, 400);
    try {
      await publishSummary(db, {
        consultationId: res.locals.consultation.id,
        unit: res.locals.unit,
        actor: req.user!,
        heard: form.data.heard,
        actions: form.data.actions,
        ip: req.ip,
      });
      flash(req, 'success', '意见汇总已发布，征求范围内的人员都可以看到');
    } catch (e) {
      if (e instanceof ValidationError) return renderShow(db, req, res, { errors: e.fieldErrors, values: req.body }, 400);
      throw e;
    }
    res.redirect(303, `/consultations/${res.locals.consultation.id}`);
  };
}
