import { randomBytes, timingSafeEqual } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, Response } from 'express';
import { HttpError, MalformedBodyError } from '../http-errors.js';

/**
 * CSRF protection on every request that changes state, with the token in each form's `_csrf` field. A person who
 * logged in has one random token in their session (synchronizer token). Anyone else (the login form) gets csrf-csrf's
 * signed double-submit token, bound to a random cookie of their browser, so that no session is stored for them
 * (docs/decisions/0003-sessions-and-csrf.md). Multipart bodies are parsed before this, so file forms are checked too.
 */
export function csrfToken(req: Request): string {
  req.session.csrfToken ??= randomBytes(24).toString('base64url');
  return req.session.csrfToken;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const REFUSED = '页面已过期或请求来源无效，请刷新页面后重试';
/** The random identifier of a browser that has not logged in (what the signed token is bound to). */
const ANON_COOKIE = 'djp.anon';

/** The request's cookies (csrf-csrf reads `req.cookies`; nothing else here parses them). */
function cookiesOf(req: Request): Record<string, string> {
  const jar = req as Request & { cookies?: Record<string, string> };
  if (!jar.cookies) {
    jar.cookies = {};
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const at = part.indexOf('=');
      if (at > 0) jar.cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
    }
  }
  return jar.cookies;
}

export function csrfProtection(secret: string, secure: boolean) {
  const cookieOptions = { sameSite: 'lax' as const, secure, httpOnly: true, path: '/' };
  const anonymous = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => cookiesOf(req)[ANON_COOKIE] ?? '',
    cookieName: 'djp.csrf',
    cookieOptions,
    getCsrfTokenFromRequest: (req) => {
      const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
      return typeof sent === 'string' ? sent : undefined;
    },
  });
  const anonymousToken = (req: Request, res: Response) => {
    const jar = cookiesOf(req);
    if (!jar[ANON_COOKIE]) {
      jar[ANON_COOKIE] = randomBytes(18).toString('base64url');
      res.cookie(ANON_COOKIE, jar[ANON_COOKIE], cookieOptions);
      delete jar['djp.csrf']; // a token bound to no identifier (or another) is not reused
    }
    return anonymous.generateCsrfToken(req, res, { validateOnReuse: false });
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    const loggedIn = Boolean(req.user);
    cookiesOf(req);
    let token: string | undefined;
    res.locals.csrfToken = () => (token ??= loggedIn ? csrfToken(req) : anonymousToken(req, res));
    // refused here, the first place where the error page (its header's forms) can be drawn
    if (req.malformedBody !== undefined) return next(new MalformedBodyError(req.malformedBody));
    if (SAFE.has(req.method)) return next();
    if (!loggedIn) return anonymous.validateRequest(req) ? next() : next(new HttpError(403, REFUSED));
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
    next(new HttpError(403, REFUSED));
  };
}

declare module 'express-session' {
  interface SessionData {
    csrfToken?: string;
    flash?: { type: 'success' | 'error' | 'info'; text: string }[];
    passport?: { user?: number };
  }
}
