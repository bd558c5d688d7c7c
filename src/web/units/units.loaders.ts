import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { findUnitByCode } from '../../domain/units/units.service.js';
import { notFound } from '../http-errors.js';

/**
 * Puts the unit named by `:code` on `res.locals.unit`, or answers 404. Runs before the permission check. The unit is the
 * same for everyone: kept per data generation.
 */
export function loadUnit(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const code = String(req.params.code ?? '');
    const unit = /^[A-Za-z0-9_-]{1,40}$/.test(code) ? await res.locals.cache.value(['unit', code], () => findUnitByCode(db, code)) : null;
    if (!unit) return next(notFound('单位'));
    res.locals.unit = unit;
    next();
  };
}
