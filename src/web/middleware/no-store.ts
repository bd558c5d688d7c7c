import type { NextFunction, Request, Response } from 'express';

/**
 * Nothing the portal answers after the session is loaded may be kept by the browser: on a shared workshop PC the
 * back button or the cache would otherwise show the previous person's pages and files after they logged out.
 * Every such answer (pages, error pages, attachments, spreadsheets, the login page) is `no-store`; routes do not set
 * Cache-Control themselves. Static files under /public are served before this and keep their long caching.
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  next();
}
