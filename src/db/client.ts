import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { CountingPool } from './query-counter.js';

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** The one Prisma client of the process, over a pg pool that the session store shares. */
export function connectDatabase(url: string, opts: { max?: number } = {}): Database {
  // Connections stay open for five minutes when idle (pg's default is ten seconds), a few of them for good: a new
  // connection costs its authentication and a cold server process, and a page that runs its queries in parallel
  // after a quiet spell paid that for each of them.
  const max = opts.max ?? 20;
  const pool = new CountingPool({
    connectionString: url,
    max,
    min: Math.min(4, max),
    idleTimeoutMillis: 5 * 60_000,
    connectionTimeoutMillis: 5000,
  });
  // A server that goes away must not crash the process: idle clients report here and are dropped.
  pool.on('error', () => {});
  // Under a burst (a shift starting, everyone logging in) requests queue for a pooled connection: a transaction
  // waits up to 10 s for one instead of Prisma's 2 s, and anything still waiting then is answered 503, not 500.
  // errorFormat 'minimal': the other formats capture a stack trace at every query call to point at the caller in an
  // error message, which cost about a tenth of a page's time; our errors are logged with their own stack anyway.
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    errorFormat: 'minimal',
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
  return {
    prisma,
    pool,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
