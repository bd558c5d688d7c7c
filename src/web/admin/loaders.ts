import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { personForAdmin } from '../../domain/people/people.admin.queries.js';
import { notFound } from '../http-errors.js';

const idOf = (req: Request) => toId(req.params.id);

/** `:id` → `res.locals.person` (with grants and lock state), or 404. */
export function loadPerson(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = idOf(req);
    const person = id ? await personForAdmin(db, id) : null;
    if (!person) return next(notFound('账号'));
    res.locals.person = person;
    next();
  };
}

/** `:id` → `res.locals.editUnit`, or 404. (Not `unit`: that name is the unit whose permissions apply.) */
export function loadEditUnit(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = idOf(req);
    const unit = id ? await db.unit.findUnique({ where: { id } }) : null;
    if (!unit) return next(notFound('单位'));
    res.locals.editUnit = unit;
    next();
  };
}
