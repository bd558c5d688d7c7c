import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { seesUnpublished } from '../../domain/content/content.policy.js';
import { itemView, recordList } from '../../domain/content/content.queries.js';
import { STATUS_LABELS } from '../../domain/content/content.service.js';
import { recordDate, recordSchema, recordType, type RecordType } from '../../domain/content/record-types.js';
import { hasAttendance } from '../../domain/orglife/attendance.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import { recordView } from '../../domain/sites/view-counter.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { attendanceLocals, prepareAttendance } from '../orglife/attendance-form.js';
import { attendanceView } from '../orglife/attendance-view.js';
import { MODULE_VIEWS } from '../sites/modules.routes.js';
import { loadModule } from '../sites/module.loaders.js';
import { loadUnit } from '../units/units.loaders.js';
import { loadRecord, requireKind } from './content.loaders.js';
import { recordListQuery, recordMetaSchema } from './content.schemas.js';
import { saveFromForm } from './save-form.js';

export function recordsRoutes(db: Db): Router {
  MODULE_VIEWS.RECORDS = listRecords;
  const r = Router();
  const mod = [loadUnit(db), loadModule(db), requireKind('RECORDS')];
  r.get('/units/:code/modules/:key/records/new', ...mod, allow('module.edit'), newRecord(db));
  r.post('/units/:code/modules/:key/records', ...mod, allow('module.edit'), createRecord(db));
  r.get('/units/:code/modules/:key/records/:id', ...mod, loadRecord(db), allow('module.view'), showRecord(db));
  r.get('/units/:code/modules/:key/records/:id/edit', ...mod, loadRecord(db), allow('module.edit'), editRecord(db));
  r.post('/units/:code/modules/:key/records/:id/edit', ...mod, loadRecord(db), allow('module.edit'), saveRecord(db));
  return r;
}

function typeOf(res: Response): RecordType {
  const t = recordType((res.locals.module as ModuleRow).recordType);
  if (!t) throw notFound('记录类型');
  return t;
}

/** GET /units/:code/modules/:key (RECORDS) — the records, newest first, by year, paged. */
async function listRecords(db: Db, req: Request, res: Response) {
  const unit = res.locals.unit as UnitRow;
  const mod = res.locals.module as ModuleRow;
  const q = recordListQuery.parse(req.query);
  const editor = can(req.user, 'module.edit', unit);
  const list = await recordList(db, { unitId: unit.id, moduleId: mod.id, year: q.year, page: q.page, editor });
  const params = { year: q.year };
  res.page('content/records', {
    title: mod.title,
    list,
    editor,
    year: q.year,
    type: typeOf(res),
    pager: { page: q.page, pages: list.pages, total: list.total, params },
  });
}

async function renderForm(
  db: Db,
  res: Response,
  values: Record<string, unknown>,
  extra: { errors?: Record<string, string>; conflict?: unknown; status?: number; current?: unknown } = {},
) {
  const mod = res.locals.module as ModuleRow;
  const orgLife = await attendanceLocals(db, (res.locals.unit as UnitRow).id, typeOf(res).key, values);
  res.page(
    'content/record-edit',
    {
      title: `${res.locals.item ? '编辑' : '新增'}：${mod.title}`,
      type: typeOf(res),
      values,
      current: extra.current,
      conflict: extra.conflict,
      errors: extra.errors ?? {},
      ...orgLife,
    },
    extra.status ?? 200,
  );
}

/** GET …/records/new */
function newRecord(db: Db) {
  return (_req: Request, res: Response) => renderForm(db, res, { baseNumber: 0, fields: {} });
}

function submitRecord(db: Db, itemId?: number) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    const type = typeOf(res);
    const meta = parseForm(recordMetaSchema, req.body);
    // Organisational life: attendance by person gives the counts, checked against the roster (issue 18).
    const life = hasAttendance(type.key) ? await prepareAttendance(db, unit.id, type.key, req.body) : { errors: {}, counts: {}, extra: {} };
    const fields = parseForm(recordSchema(type), { ...(req.body.fields ?? {}), ...life.counts });
    const values = { ...req.body, fields: req.body.fields ?? {} };
    const errors = { ...(meta.ok ? {} : meta.errors), ...(fields.ok ? {} : fields.errors), ...life.errors };
    if (!meta.ok || !fields.ok || Object.keys(life.errors).length) return renderForm(db, res, values, { errors, status: 400 });
    await saveFromForm(
      db,
      req,
      res,
      {
        kind: 'RECORD',
        itemId,
        baseNumber: meta.data.baseNumber,
        title: type.title(fields.data),
        body: '',
        fields: { ...(fields.data as object), ...life.extra },
        eventDate: recordDate(type, fields.data),
        intent: meta.data.intent,
      },
      (extra) => renderForm(db, res, values, extra),
      (id) => `/units/${unit.code}/modules/${mod.key}/records/${id}`,
    );
  };
}

/** POST …/records — a new record (draft, submitted or, for a secretary, published). */
function createRecord(db: Db) {
  return submitRecord(db);
}

/** GET …/records/:id — one record: its fields and attachments; editors also see the pending revision. */
function showRecord(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    const editor = can(req.user, 'module.edit', unit);
    // The office sees drafts too (as in the revision history), read-only, with the take-down form.
    const seesDrafts = seesUnpublished(req.user, unit);
    const view = await itemView(db, { id: res.locals.item.id, unitId: unit.id, moduleId: mod.id, kind: 'RECORD' }, { editor: seesDrafts });
    if (!view || (!view.published && !seesDrafts)) throw notFound('记录');
    if (view.published) recordView(view.item.id);
    res.page('content/record', {
      title: view.published?.title ?? view.item.title,
      view,
      editor,
      seesDrafts,
      type: typeOf(res),
      statusLabels: STATUS_LABELS,
      attendance: hasAttendance(typeOf(res).key) ? await attendanceView(db, req.user!, unit, view.published?.fields) : null,
      // the reviewer sees who the pending version says attended before approving it
      pendingAttendance:
        seesDrafts && view.pending && hasAttendance(typeOf(res).key)
          ? await attendanceView(db, req.user!, unit, view.pending.fields)
          : null,
    });
  };
}

/** GET …/records/:id/edit — the form, loaded with the latest revision. */
function editRecord(db: Db) {
  return async (_req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    const view = await itemView(db, { id: res.locals.item.id, unitId: unit.id, moduleId: mod.id, kind: 'RECORD' }, { editor: true });
    const current = view?.pending ?? view?.published;
    await renderForm(db, res, { baseNumber: res.locals.item.headNumber, fields: current?.fields ?? {} }, { current });
  };
}

/** POST …/records/:id/edit */
function saveRecord(db: Db) {
  return async (req: Request, res: Response) => submitRecord(db, res.locals.item.id)(req, res);
}
