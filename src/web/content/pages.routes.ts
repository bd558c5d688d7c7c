import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { seesUnpublished } from '../../domain/content/content.policy.js';
import { itemView } from '../../domain/content/content.queries.js';
import { STATUS_LABELS } from '../../domain/content/content.service.js';
import { sanitizeForShow, sanitizeRichText } from '../../domain/content/sanitize.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import { recordView } from '../../domain/sites/view-counter.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { MODULE_VIEWS } from '../sites/modules.routes.js';
import { loadModule } from '../sites/module.loaders.js';
import { loadUnit } from '../units/units.loaders.js';
import { loadPageItem, requireKind } from './content.loaders.js';
import { pageFormSchema } from './content.schemas.js';
import { saveFromForm } from './save-form.js';

/** The local Quill editor's script and stylesheet, for any page with a rich-text field. */
export const EDITOR = ['/public/vendor/quill/quill.js', '/public/js/editor.js'];
export const EDITOR_STYLES = ['/public/vendor/quill/quill.snow.css'];

export function pagesRoutes(db: Db): Router {
  MODULE_VIEWS.PAGE = showPage;
  const r = Router();
  const page = [loadUnit(db), loadModule(db), requireKind('PAGE'), loadPageItem(db)];
  r.get('/units/:code/modules/:key/edit', ...page, allow('module.edit'), editPage(db));
  r.post('/units/:code/modules/:key/edit', ...page, allow('module.edit'), savePage(db));
  return r;
}

/**
 * GET /units/:code/modules/:key (PAGE) — the published page; editors also see their draft and its state, and the
 * office (who inspects and may take content down) sees them read-only with the take-down form.
 */
async function showPage(db: Db, req: Request, res: Response) {
  const unit = res.locals.unit as UnitRow;
  const mod = res.locals.module as ModuleRow;
  const editor = can(req.user, 'module.edit', unit);
  const seesDrafts = seesUnpublished(req.user, unit);
  const view = await itemView(db, { unitId: unit.id, moduleId: mod.id, kind: 'PAGE' }, { editor: seesDrafts });
  if (view?.published) recordView(view.item.id);
  res.page('content/page', { title: mod.title, view, editor, seesDrafts, statusLabels: STATUS_LABELS, clean: sanitizeForShow });
}

async function renderEdit(
  db: Db,
  res: Response,
  values: Record<string, unknown>,
  extra: { errors?: Record<string, string>; conflict?: unknown; status?: number } = {},
) {
  const unit = res.locals.unit as UnitRow;
  const mod = res.locals.module as ModuleRow;
  const view = res.locals.item ? await itemView(db, { unitId: unit.id, moduleId: mod.id, kind: 'PAGE' }, { editor: true }) : null;
  const current = view?.pending ?? view?.published;
  res.page(
    'content/page-edit',
    {
      title: `编辑：${mod.title}`,
      values,
      current,
      conflict: extra.conflict,
      errors: extra.errors ?? {},
      clean: sanitizeRichText,
      scripts: EDITOR,
      extraStyles: EDITOR_STYLES,
    },
    extra.status ?? 200,
  );
}

/** GET /units/:code/modules/:key/edit — the page editor, loaded with the latest revision. */
function editPage(db: Db) {
  return async (_req: Request, res: Response) => {
    const mod = res.locals.module as ModuleRow;
    const unit = res.locals.unit as UnitRow;
    const view = res.locals.item ? await itemView(db, { unitId: unit.id, moduleId: mod.id, kind: 'PAGE' }, { editor: true }) : null;
    const current = view?.pending ?? view?.published;
    await renderEdit(db, res, {
      title: current?.title ?? mod.title,
      body: current?.body ?? '',
      baseNumber: res.locals.item?.headNumber ?? 0,
    });
  };
}

/** POST /units/:code/modules/:key/edit — save a draft, submit it, or (a secretary) publish. */
function savePage(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    const form = parseForm(pageFormSchema, req.body);
    const values = { ...req.body, body: sanitizeRichText(String(req.body.body ?? '')) };
    if (!form.ok) return renderEdit(db, res, values, { errors: form.errors, status: 400 });
    await saveFromForm(
      db,
      req,
      res,
      {
        kind: 'PAGE',
        baseNumber: form.data.baseNumber,
        title: form.data.title,
        body: sanitizeRichText(form.data.body),
        intent: form.data.intent,
      },
      (extra) => renderEdit(db, res, values, extra),
      () => `/units/${unit.code}/modules/${mod.key}`,
    );
  };
}
