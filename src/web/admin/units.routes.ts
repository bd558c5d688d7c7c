import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { ValidationError } from '../../domain/errors.js';
import { createUnit, setArchived, unitTree, updateUnit } from '../../domain/units/units.admin.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { archiveSchema, newUnitSchema, unitSchema } from './admin.schemas.js';
import { loadEditUnit } from './loaders.js';

export function adminUnitsRoutes(db: Db): Router {
  const r = Router();
  r.get('/admin/units', allow('admin.units'), listUnits(db));
  r.get('/admin/units/new', allow('admin.units'), newUnit(db));
  r.post('/admin/units', allow('admin.units'), create(db));
  r.get('/admin/units/:id', loadEditUnit(db), allow('admin.units'), edit(db));
  r.post('/admin/units/:id', loadEditUnit(db), allow('admin.units'), save(db));
  r.post('/admin/units/:id/archive', loadEditUnit(db), allow('admin.units'), archive(db));
  return r;
}

/** GET /admin/units — the whole tree. */
function listUnits(db: Db) {
  return async (_req: Request, res: Response) => res.page('admin/units/index', { title: '组织机构', tree: await unitTree(db) });
}

async function renderForm(
  db: Db,
  res: Response,
  view: 'new' | 'edit',
  values: Record<string, unknown>,
  errors: Record<string, string> = {},
  status = 200,
) {
  const tree = await unitTree(db);
  res.page(
    `admin/units/${view}`,
    {
      title: view === 'new' ? '新建单位' : `修改单位：${res.locals.editUnit?.name}`,
      parents: tree.filter((u) => u.kind !== 'PARTY_GROUP'),
      values,
      errors,
    },
    status,
  );
}

/** GET /admin/units/new?parent= */
function newUnit(db: Db) {
  return async (req: Request, res: Response) =>
    renderForm(db, res, 'new', { kind: 'BRANCH', parentId: req.query.parent, location: '十堰' });
}

/** POST /admin/units */
function create(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(newUnitSchema, req.body);
    if (!form.ok) return renderForm(db, res, 'new', form.values, form.errors, 400);
    try {
      const u = await createUnit(db, { ...form.data, actorId: req.user!.id, ip: req.ip });
      flash(req, 'success', `单位“${u.name}”已创建`);
      res.redirect(303, '/admin/units');
    } catch (e) {
      if (e instanceof ValidationError) return renderForm(db, res, 'new', req.body, e.fieldErrors, 400);
      throw e;
    }
  };
}

/** GET /admin/units/:id — rename, move, relocate; archive. */
function edit(db: Db) {
  return async (_req: Request, res: Response) => renderForm(db, res, 'edit', res.locals.editUnit);
}

/** POST /admin/units/:id */
function save(db: Db) {
  return async (req: Request, res: Response) => {
    const u = res.locals.editUnit;
    const form = parseForm(unitSchema, req.body);
    if (!form.ok) return renderForm(db, res, 'edit', { ...u, ...form.values }, form.errors, 400);
    try {
      await updateUnit(db, { ...form.data, unitId: u.id, actorId: req.user!.id, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError) return renderForm(db, res, 'edit', { ...u, ...req.body }, e.fieldErrors, 400);
      throw e;
    }
    flash(req, 'success', '单位已保存');
    res.redirect(303, '/admin/units');
  };
}

/** POST /admin/units/:id/archive — archive (read-only from now on) or bring back. */
function archive(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(archiveSchema, req.body);
    if (!form.ok) return renderForm(db, res, 'edit', res.locals.editUnit, form.errors, 400);
    await setArchived(db, { unitId: res.locals.editUnit.id, archived: form.data.archived, actorId: req.user!.id, ip: req.ip });
    flash(
      req,
      'success',
      form.data.archived ? `“${res.locals.editUnit.name}”已归档：网站保持可读，不能再写入` : `“${res.locals.editUnit.name}”已恢复`,
    );
    res.redirect(303, '/admin/units');
  };
}
