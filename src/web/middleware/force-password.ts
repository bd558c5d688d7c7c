import type { NextFunction, Request, Response } from 'express';
import { forbidden } from '../http-errors.js';

const ALLOWED = new Set(['/me', '/me/password', '/logout', '/healthz']);

/**
 * A person whose password was reset by an administrator must choose a new one before anything else: pages lead
 * to the form, and every other change is refused (the temporary password was seen by someone else).
 */
export function forcePasswordChange(req: Request, res: Response, next: NextFunction): void {
  if (!req.user?.mustChangePassword || ALLOWED.has(req.path) || req.path.startsWith('/public/')) return next();
  if (req.method === 'GET' || req.method === 'HEAD') return res.redirect(303, '/me?mustChange=1');
  next(forbidden('请先在个人中心设置新密码，再进行其他操作'));
}
