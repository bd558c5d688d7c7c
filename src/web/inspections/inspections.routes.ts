import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import {
  closeInspection,
  recordFinding,
  SEVERITY_LABELS,
  startInspection,
  updateInspectionNotes,
} from '../../domain/inspections/inspections.service.js';
import { findingContext, inspectableUnits, listInspections } from '../../domain/inspections/inspections.queries.js';
import { ValidationError } from '../../domain/errors.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { findingSchema, inspectionListQuery, notesSchema, startInspectionSchema } from './inspections.schemas.js';
import { loadInspection } from './inspections.loaders.js';

type InspectionLocal = NonNullable<Awaited<ReturnType<typeof import('../../domain/inspections/inspections.queries.js').findInspection>>>;

export function inspectionsRoutes(db: Db): Router {
  const r = Router();
  r.get('/inspections', allow('inspection.view'), listAll(db));
  r.get('/inspections/new', allow('inspection.manage'), newForm(db));
  r.post('/inspections', allow('inspection.manage'), create(db));
  r.get('/inspections/:id', loadInspection(db), allow('inspection.view'), show(db));
  r.post('/inspections/:id/findings', loadInspection(db), allow('inspection.manage'), addFinding(db));
  r.post('/inspections/:id/notes', loadInspection(db), allow('inspection.manage'), saveNotes(db));
  r.post('/inspections/:id/close', loadInspection(db), allow('inspection.manage'), close(db));
  return r;
}

/** GET /inspections — every inspection, filterable by branch, status and date. */
function listAll(db: Db) {
  return async (req: Request, res: Response) => {
    const q = inspectionListQuery.parse(req.query);
    const result = await listInspections(db, { unitCode: q.unit, status: q.status, from: q.from, to: q.to, page: q.page });
    const params = { unit: q.unit, status: q.status, from: req.query.from, to: req.query.to };
    res.page('inspections/index', {
      title: '网上检查',
      result,
      units: await inspectableUnits(db),
      filters: params,
      pager: { page: q.page, pages: result.pages, total: result.total, params },
    });
  };
}

async function renderNew(db: Db, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  res.page('inspections/new', { title: '开始网上检查', units: await inspectableUnits(db), values, errors }, status);
}

/** GET /inspections/new?unit= — the form that starts an inspection (from the review or a branch site). */
function newForm(db: Db) {
  return async (req: Request, res: Response) => {
    const today = new Date().toISOString().slice(0, 10);
    await renderNew(db, res, {
      unit: typeof req.query.unit === 'string' ? req.query.unit : '',
      visitDate: today,
      inspectors: req.user!.displayName,
    });
  };
}

/** POST /inspections — start the inspection. */
function create(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(startInspectionSchema, req.body);
    if (!form.ok) return renderNew(db, res, form.values, form.errors, 400);
    const unit = await db.unit.findFirst({
      where: { code: form.data.unit, kind: { in: ['BRANCH', 'GENERAL_BRANCH'] }, archivedAt: null },
      select: { id: true },
    });
    if (!unit) return renderNew(db, res, req.body, { unit: '请选择一个有效的支部' }, 400);
    const inspection = await startInspection(db, { ...form.data, unitId: unit.id, actorId: req.user!.id, ip: req.ip });
    flash(req, 'success', '已开始网上检查，请记录发现的问题');
    res.redirect(303, `/inspections/${inspection.id}`);
  };
}

async function renderShow(db: Db, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const inspection = res.locals.inspection as InspectionLocal;
  const ctx = await findingContext(db, inspection, res.locals.unit.code);
  res.page(
    'inspections/show',
    { title: `网上检查：${res.locals.unit.name}`, inspection, ...ctx, severityLabels: SEVERITY_LABELS, ...extra },
    status,
  );
}

/** GET /inspections/:id — the inspection, its findings with their PDCA stage, and the forms to add more. */
function show(db: Db) {
  return async (_req: Request, res: Response) => renderShow(db, res);
}

/** POST /inspections/:id/findings — record a finding; it becomes a PDCA item of the branch. */
function addFinding(db: Db) {
  return async (req: Request, res: Response) => {
    const inspection = res.locals.inspection as InspectionLocal;
    const form = parseForm(findingSchema, req.body);
    if (!form.ok) return renderShow(db, res, { errors: form.errors, values: form.values }, 400);
    try {
      await recordFinding(db, { ...form.data, inspectionId: inspection.id, actorId: req.user!.id, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError) return renderShow(db, res, { errors: e.fieldErrors, values: req.body }, 400);
      throw e;
    }
    flash(req, 'success', '问题已记录，并已转为该支部的整改事项（PDCA）');
    res.redirect(303, `/inspections/${inspection.id}`);
  };
}

/** POST /inspections/:id/notes — the office's own notes for the visit sheet. */
function saveNotes(db: Db) {
  return async (req: Request, res: Response) => {
    const inspection = res.locals.inspection as InspectionLocal;
    const form = parseForm(notesSchema, req.body);
    if (!form.ok) return renderShow(db, res, { errors: form.errors, values: form.values }, 400);
    await updateInspectionNotes(db, { inspectionId: inspection.id, notes: form.data.notes ?? '', actorId: req.user!.id, ip: req.ip });
    flash(req, 'success', '备注已保存');
    res.redirect(303, `/inspections/${inspection.id}`);
  };
}

/** POST /inspections/:id/close — end the inspection (its findings stay open until verified). */
function close(db: Db) {
  return async (req: Request, res: Response) => {
    const inspection = res.locals.inspection as InspectionLocal;
    try {
      await closeInspection(db, { inspectionId: inspection.id, actorId: req.user!.id, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError) return renderShow(db, res, { errors: e.fieldErrors, values: {} }, 400);
      throw e;
    }
    flash(req, 'success', '本次检查已结束');
    res.redirect(303, `/inspections/${inspection.id}`);
  };
}
