import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** The one Prisma client of the process, over a pg pool that the session store shares. */
export function connectDatabase(url: string, opts: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 20, connectionTimeoutMillis: 5000 });
  // A server that goes away must not crash the process: idle clients report here and are dropped.
  pool.on('error', () => {});
  // Under a burst (a shift starting, everyone logging in) requests queue for a pooled connection: a transaction
  // waits up to 10 s for one instead of Prisma's 2 s, and anything still waiting then is answered 503, not 500.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: 10_000, timeout: 20_000 } });
  return {
    prisma,
    pool,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
