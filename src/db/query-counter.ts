import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import pg from 'pg';

/**
 * Counts the SQL statements sent while a piece of work runs, whichever library sent them (Prisma's
 * adapter, the session store, raw pg). Tests and the benchmark use it to prove that a page's number of
 * queries does not grow with the data.
 */
const store = new AsyncLocalStorage<{ count: number; statements: string[] }>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const s = store.getStore();
    if (s) {
      s.count++;
      const q = args[0];
      s.statements.push(typeof q === 'string' ? q : String((q as { text?: string })?.text ?? ''));
    }
    return original.apply(this, args);
  };
  // pg.Pool hands a freed client to a waiting caller from inside the releasing caller's callback, so a query
  // queued for a connection would be counted against whichever request released it. Binding the waiting
  // callback to its own caller keeps each statement with the request that sent it.
  const poolProto = pg.Pool.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const connect = poolProto.connect;
  poolProto.connect = function (this: unknown, ...args: unknown[]) {
    if (typeof args[0] === 'function') args[0] = AsyncResource.bind(args[0] as (...a: unknown[]) => unknown);
    return connect.apply(this, args);
  };
}

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
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    if (!res.headersSent) res.setHeader('X-Sql-Queries', String(s.count));
    return writeHead.apply(this, args);
  } as Response['writeHead'];
  store.run(s, () => next());
}

let lastRequest: { count: number; statements: string[] } | undefined;

/** The statements of the most recent counted request (for a test's failure message). */
export function lastRequestStatements(): string[] {
  return lastRequest?.statements ?? [];
}
