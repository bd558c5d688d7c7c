import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { derived } from '../../db/cached-client.js';
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
export type LayoutExtra = (db: Db, req: Request) => Promise<Record<string, unknown>>;
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
      const extras = req.user && opts.db ? Promise.all(LAYOUT_EXTRAS.map((f) => f(opts.db!, req))) : Promise.resolve([]);
      extras.then(
        (xs) => renderPage(res, view, { ...Object.assign({}, ...xs), ...locals, flash: req.session ? takeFlash(req) : [] }, status, next),
        next,
      );
    };
    next();
  };
}

/**
 * A part of a page rendered once and kept as UTF-8 bytes (the morning review's 212 rows): a view prints it with
 * `<%- part %>`, which leaves a mark, and the page is sent as the bytes around the mark with the part's bytes between.
 * Encoding a 284 KB page of Chinese text to UTF-8 at every request cost a quarter of the review's time.
 */
export class HtmlPart {
  readonly mark = `<!--part:${randomUUID()}-->`;
  constructor(readonly bytes: Buffer) {}
  toString(): string {
    return this.mark;
  }
}

/**
 * A part of a page that is the same for every reader, rendered once per data generation and `key` (with the minute in
 * the key where the part is "as of" it): `view` rendered with the formatters and `locals()` only, not the request's
 * locals, so a part cannot show the person it was first rendered for to the next.
 */
export function sharedPart(
  db: Db,
  res: Response,
  view: string,
  key: unknown[],
  locals: () => Promise<Record<string, unknown>> | Record<string, unknown>,
): Promise<HtmlPart> {
  return derived(db, ['part', view, ...key], async () => {
    const values = { fmt, ...(await locals()) };
    return new Promise<HtmlPart>((resolve, reject) =>
      res.app.render(view, values, (err, html) => (err ? reject(err) : resolve(new HtmlPart(Buffer.from(html!))))),
    );
  });
}

/** The page's bytes: its text, with each part's bytes where the part's mark is. */
function withParts(html: string, locals: Record<string, unknown>): string | Buffer {
  const parts = Object.values(locals).filter((v): v is HtmlPart => v instanceof HtmlPart);
  if (!parts.length) return html;
  const chunks: Buffer[] = [];
  let rest = html;
  for (const part of parts) {
    const at = rest.indexOf(part.mark);
    if (at < 0) continue;
    chunks.push(Buffer.from(rest.slice(0, at)), part.bytes);
    rest = rest.slice(at + part.mark.length);
  }
  chunks.push(Buffer.from(rest));
  return Buffer.concat(chunks);
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
    res.render('layout', { ...all, body }, (err2, html) =>
      err2 ? onError(err2) : res.status(status).type('html').send(withParts(html, all)),
    );
  });
}
