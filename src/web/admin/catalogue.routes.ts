import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { ValidationError } from '../../domain/errors.js';
import { addModule, catalogueForAdmin, moveModule, setModuleRetired, updateModule } from '../../domain/sites/catalogue.admin.service.js';
import { CADENCE_LABELS, KIND_LABELS, RECORD_TYPE_LABELS, SECTION_LABELS } from '../../domain/sites/catalogue.data.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { LINKED_FEATURE_NAMES } from '../sites/linked.js';
import { moduleAddSchema, moduleEditSchema, moveSchema, retireSchema } from './catalogue.schemas.js';

export function catalogueRoutes(db: Db): Router {
  const r = Router();
  r.get('/admin/catalogue', allow('admin.catalogue'), showCatalogue(db));
  r.post('/admin/catalogue/:templateId/modules', loadTemplate(db), allow('admin.catalogue'), createModule(db));
  r.get('/admin/catalogue/modules/:id/edit', loadModuleDef(db), allow('admin.catalogue'), editModule(db));
  r.post('/admin/catalogue/modules/:id', loadModuleDef(db), allow('admin.catalogue'), saveModule(db));
  r.post('/admin/catalogue/modules/:id/move', loadModuleDef(db), allow('admin.catalogue'), reorder(db));
  r.post('/admin/catalogue/modules/:id/retire', loadModuleDef(db), allow('admin.catalogue'), retire(db));
  return r;
}

const LABELS = {
  sectionLabels: SECTION_LABELS,
  cadenceLabels: CADENCE_LABELS,
  kindLabels: KIND_LABELS,
  recordTypeLabels: RECORD_TYPE_LABELS,
  linkedLabels: LINKED_FEATURE_NAMES,
};

function idParam(req: Request): number | null {
  return toId(req.params.id ?? req.params.templateId);
}

function loadTemplate(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = idParam(req);
    const t = id ? await db.siteTemplate.findUnique({ where: { id }, select: { id: true, key: true, name: true } }) : null;
    if (!t) return next(notFound('模板'));
    res.locals.template = t;
    next();
  };
}

function loadModuleDef(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = idParam(req);
    const m = id ? await db.moduleDef.findUnique({ where: { id }, include: { template: { select: { name: true } } } }) : null;
    if (!m) return next(notFound('模块'));
    res.locals.moduleDef = m;
    next();
  };
}

async function renderCatalogue(db: Db, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  res.page('admin/catalogue', { title: '模块目录', templates: await catalogueForAdmin(db), ...LABELS, ...extra }, status);
}

/** GET /admin/catalogue — both templates' modules by section, with the forms to change them. */
function showCatalogue(db: Db) {
  return async (_req: Request, res: Response) => renderCatalogue(db, res);
}

/** POST /admin/catalogue/:templateId/modules — add a module to a template. */
function createModule(db: Db) {
  return async (req: Request, res: Response) => {
    const template = res.locals.template as { id: number; name: string };
    const again = (errors: Record<string, string>) =>
      renderCatalogue(db, res, { errors, values: req.body, formTemplateId: template.id }, 400);
    const form = parseForm(moduleAddSchema, req.body);
    if (!form.ok) return again(form.errors);
    try {
      await addModule(db, { ...form.data, templateId: template.id, actorId: req.user!.id, ip: req.ip });
    } catch (e) {
      if (e instanceof ValidationError) return again(e.fieldErrors);
      throw e;
    }
    flash(req, 'success', `已在“${template.name}”中新增模块“${form.data.title}”，所有使用该模板的单位网站已同步显示`);
    res.redirect(303, '/admin/catalogue');
  };
}

/** GET /admin/catalogue/modules/:id/edit — rename, describe, move to another section, change cadence. */
function editModule(_db: Db) {
  return async (_req: Request, res: Response) => {
    const m = res.locals.moduleDef;
    res.page('admin/catalogue-edit', { title: `修改模块：${m.title}`, values: m, ...LABELS });
  };
}

/** POST /admin/catalogue/modules/:id — save the module's changes. */
function saveModule(db: Db) {
  return async (req: Request, res: Response) => {
    const m = res.locals.moduleDef;
    const form = parseForm(moduleEditSchema, req.body);
    if (!form.ok)
      return res.page(
        'admin/catalogue-edit',
        { title: `修改模块：${m.title}`, values: { ...m, ...form.values }, errors: form.errors, ...LABELS },
        400,
      );
    await updateModule(db, { ...form.data, moduleId: m.id, actorId: req.user!.id, ip: req.ip });
    flash(req, 'success', `模块“${form.data.title}”已保存`);
    res.redirect(303, '/admin/catalogue');
  };
}

/** POST /admin/catalogue/modules/:id/move — one place up or down within its section. */
function reorder(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(moveSchema, req.body);
    if (!form.ok) return renderCatalogue(db, res, { errors: form.errors }, 400);
    await moveModule(db, { moduleId: res.locals.moduleDef.id, direction: form.data.direction, actorId: req.user!.id, ip: req.ip });
    res.redirect(303, `/admin/catalogue#m${res.locals.moduleDef.id}`);
  };
}

/** POST /admin/catalogue/modules/:id/retire — retire (hide from all sites, keep history) or restore. */
function retire(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(retireSchema, req.body);
    if (!form.ok) return renderCatalogue(db, res, { errors: form.errors }, 400);
    await setModuleRetired(db, { moduleId: res.locals.moduleDef.id, retired: form.data.retired, actorId: req.user!.id, ip: req.ip });
    flash(
      req,
      'success',
      form.data.retired
        ? `模块“${res.locals.moduleDef.title}”已停用：不再在网站上显示，历史内容保留`
        : `模块“${res.locals.moduleDef.title}”已恢复`,
    );
    res.redirect(303, '/admin/catalogue');
  };
}
