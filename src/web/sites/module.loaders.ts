import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { findModule } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { notFound } from '../http-errors.js';

/** After loadUnit: puts the module named by `:key` of the unit's template on `res.locals.module` (kept: the catalogue), or 404s. */
export function loadModule(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const unit = res.locals.unit as UnitRow;
    const key = String(req.params.key ?? '');
    const mod = /^[a-z0-9_-]{1,60}$/.test(key)
      ? await res.locals.cache.value(['module', unit.kind, key], () => findModule(db, unit.kind, key))
      : null;
    if (!mod) return next(notFound('模块'));
    res.locals.module = mod;
    next();
  };
}
