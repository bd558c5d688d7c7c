import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { beforeHeaders } from '../lib/before-headers.js';
import { onQuery } from './pg-hooks.js';

/**
 * Counts the SQL statements sent while a piece of work runs, whichever library sent them (Prisma's
 * adapter, the session store, raw pg). Tests and the benchmark use it to prove that a page's number of
 * queries does not grow with the data.
 */
const store = new AsyncLocalStorage<{ count: number; statements: string[] }>();

function count(sql: string): void {
  const s = store.getStore();
  if (!s) return;
  s.count++;
  s.statements.push(sql);
}

const install = () => onQuery(count);

/** Runs `work` and returns how many SQL statements it sent. */
export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  install();
  const s = { count: 0, statements: [] as string[] };
  const result = await store.run(s, work);
  return { result, count: s.count, statements: s.statements };
}

/**
 * Middleware (enabled in tests and the benchmark): counts each request's statements, session look-up
 * included, and reports the number in the `X-Sql-Queries` response header.
 */
export function sqlCountHeader(req: Request, res: Response, next: NextFunction): void {
  install();
  const s = { count: 0, statements: [] as string[] };
  lastRequest = s;
  beforeHeaders(res, () => res.setHeader('X-Sql-Queries', String(s.count)));
  store.run(s, () => next());
}

let lastRequest: { count: number; statements: string[] } | undefined;

/** The statements of the most recent counted request (for a test's failure message). */
export function lastRequestStatements(): string[] {
  return lastRequest?.statements ?? [];
}
