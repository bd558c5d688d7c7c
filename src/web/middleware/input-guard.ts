import type { NextFunction, Request, Response } from 'express';
import { badRequest } from '../http-errors.js';

/** Whether a parsed form or query value holds a NUL character anywhere (in a value or a field name). */
function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 8 || v === null || typeof v !== 'object') return false;
  return Object.entries(v).some(([k, x]) => k.includes('\u0000') || hasNul(x, depth + 1));
}

/**
 * PostgreSQL text cannot hold a NUL character, and no form or link of the portal sends one: such a request is
 * refused here, before any query, with a Chinese 400 instead of the database's error (a 500).
 */
export function refuseNulBytes(req: Request, _res: Response, next: NextFunction): void {
  if (hasNul(req.body) || hasNul(req.query)) return next(badRequest('提交的内容包含无效的空字符，请检查后重新提交'));
  next();
}
