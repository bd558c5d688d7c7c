import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import onHeaders from 'on-headers';
import pg from 'pg';

/**
 * Counts the SQL statements sent while a piece of work runs, whichever library sent them (Prisma's adapter, the
 * session store, raw pg): every connection of the pool is a `CountingClient`. Tests and the benchmark use it to prove
 * that a page's number of queries does not grow with the data.
 */
const store = new AsyncLocalStorage<{ count: number; statements: string[] }>();

/** A pg client that tells the running piece of work (if it is counted) of each statement it sends. */
export class CountingClient extends pg.Client {
  // pg's overloads cannot be restated one by one: the arguments go to pg as they came
  override query(...args: unknown[]): never {
    const s = store.getStore();
    if (s) {
      const q = args[0];
      s.count++;
      s.statements.push(typeof q === 'string' ? q : String((q as { text?: string } | null)?.text ?? ''));
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

/**
 * A pool of CountingClients. pg.Pool hands a freed connection to a waiting caller from inside the releasing
 * caller's callback: binding the waiting callback to its own caller keeps each statement with the work that sent it.
 */
export class CountingPool extends pg.Pool {
  constructor(config: pg.PoolConfig) {
    super({ ...config, Client: CountingClient });
  }

  override connect(...args: unknown[]): never {
    if (typeof args[0] === 'function') args[0] = AsyncResource.bind(args[0] as (...a: unknown[]) => unknown);
    return (super.connect as (...a: unknown[]) => never)(...args);
  }
}

/** Runs `work` and returns how many SQL statements it sent. */
export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  const s = { count: 0, statements: [] as string[] };
  const result = await store.run(s, work);
  return { result, count: s.count, statements: s.statements };
}

let lastRequest: { count: number; statements: string[] } | undefined;

/**
 * Middleware (enabled in tests and the benchmark): counts each request's statements, session look-up
 * included, and reports the number in the `X-Sql-Queries` response header.
 */
export function sqlCountHeader(_req: Request, res: Response, next: NextFunction): void {
  const s = { count: 0, statements: [] as string[] };
  lastRequest = s;
  onHeaders(res, () => res.setHeader('X-Sql-Queries', String(s.count)));
  store.run(s, () => next());
}

/** The statements of the most recent counted request (for a test's failure message). */
export function lastRequestStatements(): string[] {
  return lastRequest?.statements ?? [];
}
