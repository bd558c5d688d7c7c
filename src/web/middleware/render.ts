import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import type { Action } from '../../domain/authz/permissions.js';
import type { UnitScope } from '../../domain/authz/can.js';
import { takeFlash } from '../flash.js';
import * as fmt from '../../lib/format.js';

export const PORTAL_NAME = '党建信息平台';

declare module 'express-serve-static-core' {
  interface Response {
    /** Renders `views/<view>.ejs` inside the shared layout. */
    page(view: string, locals?: Record<string, unknown>, status?: number): void;
  }
}

/** Something the layout shows on every signed-in page (the unread notices count): features register one here. */
export type LayoutExtra = (db: Db, req: Request, res: Response) => Promise<Record<string, unknown>>;
export const LAYOUT_EXTRAS: LayoutExtra[] = [];

/**
 * Gives every view what the layout needs (the user, `can`, flash messages, the CSRF token, formatters)
 * and `res.page`, which renders a view into the layout.
 */
export function renderHelpers(opts: { demoMode: () => boolean; db?: Db }) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.user = req.user;
    res.locals.can = (action: Action, unit?: UnitScope) => can(req.user, action, unit);
    res.locals.currentPath = req.path;
    res.locals.fmt = fmt;
    res.locals.portalName = PORTAL_NAME;
    res.locals.demoMode = opts.demoMode();
    res.page = (view, locals = {}, status = 200) => {
      const extras = req.user && opts.db ? Promise.all(LAYOUT_EXTRAS.map((f) => f(opts.db!, req, res))) : Promise.resolve([]);
      extras.then(
        (xs) => renderPage(res, view, { ...Object.assign({}, ...xs), ...locals, flash: req.session ? takeFlash(req) : [] }, status, next),
        next,
      );
    };
    next();
  };
}

/** Renders a view, then the layout around it; a template error goes to `onError`. */
export function renderPage(
  res: Response,
  view: string,
  locals: Record<string, unknown>,
  status: number,
  onError: (err: unknown) => void,
): void {
  const all = { errors: {}, values: {}, flash: [], ...locals };
  res.render(view, all, (err, body) => {
    if (err) return onError(err);
    res.render('layout', { ...all, body }, (err2, html) => (err2 ? onError(err2) : res.status(status).type('html').send(html)));
  });
}
