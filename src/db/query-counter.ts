import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

/**
 * Counts the SQL statements sent while a piece of work runs, whichever library sent them (Prisma's
 * adapter, the session store, raw pg). Used by tests and the benchmark to prove that a page's
 * number of queries does not grow with the data.
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
}

export async function countQueries<T>(work: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
  install();
  const s = { count: 0, statements: [] as string[] };
  const result = await store.run(s, work);
  return { result, count: s.count, statements: s.statements };
}

/** Express middleware form: counts the queries of each request into `res.locals.sqlQueries` (see app). */
export function queryCountingStore() {
  install();
  return store;
}
