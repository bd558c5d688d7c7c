import { afterAll, beforeAll, inject } from 'vitest';
import pg from 'pg';
import { closeTestDb } from '../helpers/db.js';

// One database per worker, cloned from the migrated template: fast, and isolated from the other worker.
// The app's connection is the app role's (row rights only); the owner's is for tests that change the schema on purpose.
const adminUrl = inject('adminUrl');
const templateDb = inject('templateDb');
const dbName = `${templateDb}_w${process.env.VITEST_POOL_ID ?? '1'}`;
process.env.TEST_WORKER_DATABASE_URL = inject('appUrl').replace(/\/[^/]*$/, `/${dbName}`);
process.env.TEST_WORKER_OWNER_URL = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
    if (!rowCount)
      await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${templateDb}`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created meanwhile by a parallel file of the same worker
      });
  } finally {
    await admin.end();
  }
});

afterAll(async () => {
  await closeTestDb();
});

// A test that makes the app log an error fails: errors must be handled, not printed.
const originalError = console.error;
console.error = (...args: unknown[]) => {
  originalError(...args);
  throw new Error(`console.error called: ${args.map(String).join(' ')}`);
};
process.on('unhandledRejection', (e) => {
  throw e;
});
