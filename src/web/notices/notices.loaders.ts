import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { managesNotice } from '../../domain/notices/notice.policy.js';
import { findNotice, isAddressedTo, type NoticeRow } from '../../domain/notices/notices.queries.js';
import { issuingUnits } from '../../domain/notices/notice-units.queries.js';
import { findUnitByCode, type UnitRow } from '../../domain/units/units.service.js';
import { notFound } from '../http-errors.js';

declare module 'express-serve-static-core' {
  interface Locals {
    notice?: NoticeRow;
  }
}

/**
 * The unit a notice is issued for, named by `unit` in the query (GET) or the form (POST), else the first unit
 * the user issues for. Party groups do not issue notices: the unit is then left out and the guard refuses.
 */
export function loadIssuingUnit(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const raw = req.method === 'GET' ? req.query.unit : req.body?.unit;
    let code = typeof raw === 'string' && raw ? raw : undefined;
    if (!code) code = (await issuingUnits(db, req.user))[0]?.code;
    if (!code) return next();
    const unit = /^[A-Za-z0-9_-]{1,40}$/.test(code) ? await findUnitByCode(db, code) : null;
    if (!unit) return next(notFound('单位'));
    if (unit.kind !== 'PARTY_GROUP') res.locals.unit = unit;
    next();
  };
}

/**
 * Puts the notice named by `:id` and its issuing unit on `res.locals`, or 404s. Runs before the guard. A draft is 404
 * on every URL under it (receipts, exports, edit, …) to whoever does not manage it; a stranger goes to the login page.
 */
export function loadNotice(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const notice = id ? await findNotice(db, id, req.user?.id ?? 0) : null;
    if (!notice) return next(notFound('通知'));
    res.locals.notice = notice;
    res.locals.unit = (await db.unit.findUnique({
      where: { id: notice.unitId },
      select: {
        id: true,
        code: true,
        name: true,
        kind: true,
        parentId: true,
        location: true,
        factory: true,
        archivedAt: true,
        parent: { select: { code: true, name: true } },
      },
    })) as UnitRow;
    if (notice.status === 'DRAFT' && req.user && !managesNotice(req.user, res.locals.unit)) return next(notFound('通知'));
    next();
  };
}

/**
 * After the guard: the notice must be addressed to the user (asked of the database with the lists' rule), or
 * the user manages it. Anyone else is told it does not exist, as are readers of a draft.
 */
export function requireReader(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const notice = res.locals.notice!;
    const manager = managesNotice(req.user, res.locals.unit);
    const addressed = notice.status !== 'DRAFT' && (await isAddressedTo(db, notice.id, req.user!));
    if (!manager && !addressed) return next(notFound('通知'));
    res.locals.manager = manager;
    res.locals.addressed = addressed;
    next();
  };
}
