import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { hasGlobalRole } from '../../domain/authz/can.js';
import { findConsultation } from '../../domain/consultations/consultations.queries.js';
import { findUnitByCode } from '../../domain/units/units.service.js';
import { notFound } from '../http-errors.js';

const SCOPE = { id: true, code: true, name: true, kind: true, parentId: true, archivedAt: true } as const;

/** Puts the consultation named by `:id` and its owner unit on `res.locals`, or 404s. */
export function loadConsultation(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const c = id ? await findConsultation(db, id) : null;
    if (!c) return next(notFound('征求意见'));
    res.locals.consultation = c;
    res.locals.unit = await db.unit.findUnique({ where: { id: c.unitId }, select: SCOPE });
    next();
  };
}

/**
 * Puts the unit that would own a new consultation on `res.locals.unit`: the one the form names (`unit` in the
 * query or the body), else the committee for the office, else the first branch the person is secretary of.
 * The permission check that follows decides whether they may.
 */
export function loadOwnerUnit(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const named = (req.method === 'GET' ? req.query.unit : (req.body as Record<string, unknown> | undefined)?.unit) as unknown;
    if (typeof named === 'string' && named) {
      const unit = /^[A-Za-z0-9_-]{1,40}$/.test(named) ? await findUnitByCode(db, named) : null;
      if (!unit) return next(notFound('单位'));
      res.locals.unit = unit;
      return next();
    }
    const user = req.user;
    const ids = user?.grants.filter((g) => g.role === 'SECRETARY' && g.unitId !== null).map((g) => g.unitId as number) ?? [];
    const office = hasGlobalRole(user, 'OFFICE');
    if (!user || (!ids.length && !office)) return next();
    res.locals.unit = await db.unit.findFirst({
      where: office ? { kind: 'COMMITTEE' } : { id: { in: ids }, kind: { not: 'PARTY_GROUP' } },
      orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
      select: SCOPE,
    });
    next();
  };
}
