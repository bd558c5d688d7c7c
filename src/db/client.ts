import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { withReadCache } from './cached-client.js';
import { ReadCache } from './read-cache.js';

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** What GET requests read, kept per data generation (src/db/read-cache.ts). */
  cache: ReadCache;
  close(): Promise<void>;
}

/** The one Prisma client of the process, over a pg pool that the session store shares. */
export function connectDatabase(url: string, opts: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, connectionTimeoutMillis: 5000 });
  // A server that goes away must not crash the process: idle clients report here and are dropped.
  pool.on('error', () => {});
  // Under a burst (a shift starting, everyone logging in) requests queue for a pooled connection: a transaction
  // waits up to 10 s for one instead of Prisma's 2 s, and anything still waiting then is answered 503, not 500.
  // errorFormat 'minimal': the other formats capture a stack trace at every query call to point at the caller in an
  // error message, which cost about a tenth of a page's time; our errors are logged with their own stack anyway.
  const base = new PrismaClient({ adapter: new PrismaPg(pool), errorFormat: 'minimal', transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
  const cache = new ReadCache();
  const prisma = withReadCache(base, cache);
  return {
    prisma,
    pool,
    cache,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
