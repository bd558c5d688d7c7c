import type { NextFunction, Request, Response } from 'express';
import { readContext } from '../../db/read-cache.js';
import { beforeHeaders } from '../../lib/before-headers.js';

/**
 * Read-your-own-writes across app processes. A process learns of another's writes from the change feed
 * (src/db/change-feed.ts) a moment after they commit; a person redirected after saving to a process that has not
 * heard yet could see the page as it was. So a response to a request that wrote sets a cookie the browser keeps for
 * thirty seconds, and while it comes back every process asks the database for the session and the data generation
 * (the read cache is still used, at the generation the database tells). The browser times the cookie out, so the
 * servers' clocks do not matter.
 */
export const FRESH_COOKIE = 'djportal.fresh';
const FRESH_SECONDS = 30;
const CARRIES_FRESH = new RegExp(`(?:^|;\\s*)${FRESH_COOKIE.replace('.', '\\.')}=`);

/** Whether a request's Cookie header carries the "wrote moments ago" cookie. */
export function carriesFresh(cookieHeader: string | undefined): boolean {
  return CARRIES_FRESH.test(cookieHeader ?? '');
}

export function freshReadsAfterWrites(opts: { secure: boolean }) {
  const cookie = `${FRESH_COOKIE}=1; Max-Age=${FRESH_SECONDS}; Path=/; HttpOnly; SameSite=Lax${opts.secure ? '; Secure' : ''}`;
  return (req: Request, res: Response, next: NextFunction) => {
    const ctx = readContext();
    if (!ctx) return next();
    if (carriesFresh(req.headers.cookie)) ctx.askDatabase = true;
    beforeHeaders(res, () => {
      if (ctx.wrote) res.append('Set-Cookie', cookie);
    });
    next();
  };
}
