import pg from 'pg';
import { connectDatabase, type Database } from '../../src/db/client.js';

let database: Database | undefined;

/** This worker's database as the app sees it: the app role, row rights only (see tests/setup/worker.ts). */
export function testDatabase(): Database {
  database ??= connectDatabase(process.env.TEST_WORKER_DATABASE_URL!, { max: 5 });
  return database;
}

export const testDb = () => testDatabase().prisma;

export async function closeTestDb(): Promise<void> {
  await database?.close();
  database = undefined;
}

/** Runs `fn` connected to this worker's database as the owner of its schema: for tests that change the schema on purpose. */
export async function asOwner<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_WORKER_OWNER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
