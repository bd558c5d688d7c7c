import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { cacheKey, ReadCache } from './read-cache.js';

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
  const base = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
  const cache = new ReadCache();
  const prisma = base.$extends({
    query: {
      $allOperations({ model, operation, args, query }) {
        if (!CACHED_OPERATIONS.has(operation)) return query(args);
        const key = cacheKey([model, operation, args]);
        if (operation.startsWith('$') && READS_THE_CLOCK.test(key)) return query(args);
        return cache.read(key, () => query(args));
      },
    },
  }) as unknown as PrismaClient;
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

/** Reads, which the read cache may answer; writes and anything else always go to the database. */
const CACHED_OPERATIONS = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy',
  '$queryRaw', '$queryRawUnsafe',
]);

/** Raw SQL that asks the database for the time gives another answer tomorrow with the same data: not cached. */
const READS_THE_CLOCK = /\b(now\s*\(|current_date|current_timestamp|localtime|localtimestamp|clock_timestamp|statement_timestamp|transaction_timestamp)/i;
