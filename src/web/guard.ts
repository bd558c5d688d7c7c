import type { NextFunction, Request, Response } from 'express';
import { can } from '../domain/authz/can.js';
import { PUBLIC, type Action } from '../domain/authz/permissions.js';
import { forbidden } from './http-errors.js';

/** Middleware that declares a route's permission; the router walk test finds it by this property. */
export type Guard = ((req: Request, res: Response, next: NextFunction) => void) & { permission: Action | typeof PUBLIC };

/**
 * Lets the request through when the user may do `action` in the unit a loader put on `res.locals.unit`.
 * Anonymous visitors are sent to the login page and brought back afterwards.
 */
export function allow(action: Action): Guard {
  const guard = ((req: Request, res: Response, next: NextFunction) => {
    if (!req.user) {
      const returnTo = req.method === 'GET' ? req.originalUrl : '/';
      return res.redirect(303, `/login?returnTo=${encodeURIComponent(returnTo)}`);
    }
    if (!can(req.user, action, res.locals.unit)) return next(forbidden());
    next();
  }) as Guard;
  guard.permission = action;
  return guard;
}

/** Declares that a route needs no login (login page, health check). */
export function publicRoute(): Guard {
  const guard = ((_req: Request, _res: Response, next: NextFunction) => next()) as Guard;
  guard.permission = PUBLIC;
  return guard;
}
