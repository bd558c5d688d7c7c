import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/client.js';
import { seedDemo } from '../../src/seed/demo.js';

/**
 * The demo seed in a database of its own (cloned from the migrated template), as on a first start: made before the
 * file's tests and dropped after them. `name` keeps files that use it apart.
 */
export function seededDemoDatabase(name: string): () => Database {
  const adminUrl = inject('adminUrl');
  const dbName = `${inject('templateDb')}_${name}`;
  let database: Database | undefined;
  const asAdmin = async (sql: string[]) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    for (const q of sql) await admin.query(q);
    await admin.end();
  };
  beforeAll(async () => {
    await asAdmin([`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`, `CREATE DATABASE ${dbName} TEMPLATE ${inject('templateDb')}`]);
    database = connectDatabase(adminUrl.replace(/\/[^/]*$/, `/${dbName}`), { max: 3 });
    await seedDemo(database.prisma);
  }, 180_000);
  afterAll(async () => {
    await database?.close();
    await asAdmin([`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]);
  });
  return () => database!;
}
