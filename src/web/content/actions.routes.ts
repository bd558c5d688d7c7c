import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { ValidationError } from '../../domain/errors.js';
import { approve, restoreRevision, sendBack, submitForReview, takeDown } from '../../domain/content/review.service.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { loadModule } from '../sites/module.loaders.js';
import { loadUnit } from '../units/units.loaders.js';
import { reasonSchema, restoreSchema, takeDownSchema } from './content.schemas.js';

/** Review actions on a page or record (`:id` is the content item). */
export function actionsRoutes(db: Db): Router {
  const r = Router();
  const item = [loadUnit(db), loadModule(db), loadItem(db)];
  r.post('/units/:code/modules/:key/items/:id/submit', ...item, allow('module.edit'), act(db, 'submit'));
  r.post('/units/:code/modules/:key/items/:id/publish', ...item, allow('module.publish'), act(db, 'publish'));
  r.post('/units/:code/modules/:key/items/:id/send-back', ...item, allow('module.publish'), act(db, 'sendBack'));
  r.post('/units/:code/modules/:key/items/:id/take-down', ...item, allow('module.takedown'), act(db, 'takeDown'));
  r.post('/units/:code/modules/:key/items/:id/restore', ...item, allow('module.edit'), act(db, 'restore'));
  return r;
}

function loadItem(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    const item = id
      ? await db.contentItem.findFirst({
          where: { id, unitId: unit.id, moduleId: mod.id, deletedAt: null },
          select: { id: true, kind: true },
        })
      : null;
    if (!item) return next(notFound('内容'));
    res.locals.item = item;
    next();
  };
}

const DONE = {
  submit: '已提交审核',
  publish: '已审核发布',
  sendBack: '已退回修改，作者会看到退回原因',
  takeDown: '已撤下，该单位会看到撤下原因',
  restore: '已恢复为新版本',
};

/** POST …/items/:id/<action> — one review step, then back to the item's page with a message. */
function act(db: Db, action: keyof typeof DONE) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    const ref = { unit, itemId: res.locals.item.id, actor: req.user!, ip: req.ip };
    const back = `/units/${unit.code}/modules/${mod.key}${res.locals.item.kind === 'RECORD' ? `/records/${res.locals.item.id}` : ''}`;
    try {
      if (action === 'submit') await submitForReview(db, ref);
      if (action === 'publish') await approve(db, ref);
      if (action === 'sendBack') {
        const form = parseForm(reasonSchema, req.body);
        if (!form.ok) throw new ValidationError({ _form: '退回时请填写原因' });
        await sendBack(db, { ...ref, reason: form.data.reason });
      }
      if (action === 'takeDown') {
        const form = parseForm(takeDownSchema, req.body);
        if (!form.ok) throw new ValidationError({ _form: '撤下时请填写原因' });
        await takeDown(db, { ...ref, reason: form.data.reason, number: form.data.number, reasonPublic: form.data.reasonPublic });
      }
      if (action === 'restore') {
        const form = parseForm(restoreSchema, req.body);
        if (!form.ok) throw new ValidationError({ _form: '请选择要恢复的版本' });
        await restoreRevision(db, { ...ref, number: form.data.number, moduleId: mod.id, intent: form.data.intent });
      }
      flash(req, 'success', DONE[action]);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      flash(req, 'error', Object.values(e.fieldErrors).join('；'));
    }
    res.redirect(303, back);
  };
}
