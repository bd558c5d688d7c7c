import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { findScheme } from '../../domain/assessment/assessment.queries.js';
import { notFound } from '../http-errors.js';

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2999;

/** A year from a path or query value, or null when it is not one the portal keeps. */
export function parseYear(v: unknown): number | null {
  const y = typeof v === 'string' && /^\d{4}$/.test(v) ? Number(v) : NaN;
  return y >= MIN_YEAR && y <= MAX_YEAR ? y : null;
}

/** Puts `:year` and its scheme (null when none yet) on `res.locals`; 404 for a year that is not one. */
export function loadYear(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const year = parseYear(req.params.year);
    if (year == null) return next(notFound('考核年度'));
    res.locals.year = year;
    res.locals.scheme = await findScheme(db, year);
    next();
  };
}

/** After loadYear: 404 unless the year has a scheme. */
export function needScheme(_req: Request, res: Response, next: NextFunction) {
  if (!res.locals.scheme) return next(notFound('考核方案'));
  next();
}

/** After loadYear: `:quarter` (1–4) on `res.locals.quarter`, or 404. */
export function loadQuarter(req: Request, res: Response, next: NextFunction) {
  const q = /^[1-4]$/.test(String(req.params.quarter)) ? Number(req.params.quarter) : null;
  if (q == null) return next(notFound('考核季度'));
  res.locals.quarter = q;
  next();
}
