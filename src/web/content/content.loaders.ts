import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { itemVisibleWhere, seesUnpublished } from '../../domain/content/content.policy.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { notFound } from '../http-errors.js';

/** After loadUnit and loadModule: the module must be of this kind, or the page does not exist. */
export function requireKind(kind: ModuleRow['kind']) {
  return (_req: Request, res: Response, next: NextFunction) => (res.locals.module?.kind === kind ? next() : next(notFound('页面')));
}

// A stranger is sent to the login page by the guard whatever the item is, as on every other URL.
const visibleTo = (req: Request, unit: UnitRow) => (req.user ? itemVisibleWhere(seesUnpublished(req.user, unit)) : {});

/**
 * `:id` → the record of this unit and module on `res.locals.item`, or 404; a record with nothing published is 404
 * on every URL under it to those who may not see drafts (content.policy.ts).
 */
export function loadRecord(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    const item = id
      ? await db.contentItem.findFirst({
          where: { id, unitId: unit.id, moduleId: mod.id, kind: 'RECORD', deletedAt: null, ...visibleTo(req, unit) },
          select: { id: true, headNumber: true, title: true },
        })
      : null;
    if (!item) return next(notFound('记录'));
    res.locals.item = item;
    next();
  };
}

/** The page item of a PAGE module, if it has one this reader may see yet (`res.locals.item` may be null). */
export function loadPageItem(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const unit = res.locals.unit as UnitRow;
    const mod = res.locals.module as ModuleRow;
    res.locals.item = await db.contentItem.findFirst({
      where: { unitId: unit.id, moduleId: mod.id, kind: 'PAGE', ...visibleTo(req, unit) },
      select: { id: true, headNumber: true, title: true },
    });
    next();
  };
}
