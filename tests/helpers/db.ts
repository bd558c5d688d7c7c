import { connectDatabase, type Database } from '../../src/db/client.js';

let database: Database | undefined;

/** This worker's database (see tests/setup/worker.ts). */
export function testDatabase(): Database {
  database ??= connectDatabase(process.env.TEST_WORKER_DATABASE_URL!, { max: 5 });
  return database;
}

export const testDb = () => testDatabase().prisma;

export async function closeTestDb(): Promise<void> {
  await database?.close();
  database = undefined;
}
