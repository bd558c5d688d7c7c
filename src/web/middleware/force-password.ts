import type { NextFunction, Request, Response } from 'express';

const ALLOWED = new Set(['/me', '/me/password', '/logout', '/healthz']);

/** A person whose password was reset by an administrator must choose a new one before anything else. */
export function forcePasswordChange(req: Request, res: Response, next: NextFunction): void {
  if (!req.user?.mustChangePassword || ALLOWED.has(req.path) || req.path.startsWith('/public/')) return next();
  if (req.method === 'GET') return res.redirect(303, '/me?mustChange=1');
  next();
}
