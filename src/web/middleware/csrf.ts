import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { HttpError, MalformedBodyError } from '../http-errors.js';

/**
 * Synchronizer-token CSRF protection: one random token per session, rendered into every form as `_csrf`
 * and required on every request that changes state. Multipart bodies are parsed (by the upload parser
 * that runs before this) so file forms are checked the same way.
 */
export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(24).toString('base64url');
  return req.session.csrfToken;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfProtection(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = () => csrfToken(req);
  // refused here, the first place where the error page (its header's forms) can be drawn
  if (req.malformedBody !== undefined) return next(new MalformedBodyError(req.malformedBody));
  if (SAFE.has(req.method)) return next();
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
  const expected = req.session?.csrfToken;
  if (
    typeof sent === 'string' &&
    expected &&
    sent.length === expected.length &&
    timingSafeEqual(Buffer.from(sent), Buffer.from(expected))
  ) {
    return next();
  }
  next(new HttpError(403, '页面已过期或请求来源无效，请刷新页面后重试'));
}

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    flash?: { type: 'success' | 'error' | 'info'; text: string }[];
    passport?: { user?: number };
  }
}
