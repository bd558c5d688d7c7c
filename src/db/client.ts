import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { withReadCache } from './cached-client.js';
import { ChangeFeed } from './change-feed.js';
import { ReadCache } from './read-cache.js';

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** What GET requests read, kept per data generation (src/db/read-cache.ts). */
  cache: ReadCache;
  /** The database's changes as pushed to this process; started (`feed.start()`) once the schema is in place. */
  feed: ChangeFeed;
  close(): Promise<void>;
}

/** The one Prisma client of the process, over a pg pool that the session store shares. */
export function connectDatabase(url: string, opts: { max?: number; log?: (message: string, err?: unknown) => void } = {}): Database {
  // Connections stay open for five minutes when idle (pg's default is ten seconds), a few of them for good: a new
  // connection costs its authentication and a cold server process, and a page that runs its queries in parallel
  // after a quiet spell paid that for each of them (the morning review took 270-300 ms instead of 60-90).
  const max = opts.max ?? 20;
  const pool = new pg.Pool({
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
  const base = new PrismaClient({
    adapter: new PrismaPg(pool),
    errorFormat: 'minimal',
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
  const cache = new ReadCache();
  const prisma = withReadCache(base, cache);
  const feed = new ChangeFeed(url, opts.log);
  return {
    prisma,
    pool,
    cache,
    feed,
    close: async () => {
      await feed.stop();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
