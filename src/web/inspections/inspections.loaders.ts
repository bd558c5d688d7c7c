import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { findInspection } from '../../domain/inspections/inspections.queries.js';
import { notFound } from '../http-errors.js';

/** Puts the inspection named by `:id` and its unit on `res.locals`, or 404s. */
export function loadInspection(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const inspection = id ? await findInspection(db, id) : null;
    if (!inspection) return next(notFound('检查记录'));
    res.locals.inspection = inspection;
    res.locals.unit = await db.unit.findUnique({
      where: { id: inspection.unitId },
      select: {
        id: true,
        code: true,
        name: true,
        kind: true,
        parentId: true,
        archivedAt: true,
        location: true,
        factory: true,
        parent: { select: { code: true, name: true } },
      },
    });
    next();
  };
}
