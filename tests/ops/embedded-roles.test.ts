import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrator.js';
import { freePort } from '../helpers/ports.js';
import { startServer, stopLeftoverPostgres, stopServer } from '../helpers/server.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('an embedded data directory made before the app had a role of its own', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djportal-roles-'));
  afterAll(async () => {
    await stopLeftoverPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gets the app role on the first start of this version, and the portal then runs as it', async () => {
    const pgPort = await freePort();
    // the old way: the superuser `portal` migrated and used everything; no app role, no pg-app-password
    const old = await startEmbeddedPostgres({ dir: path.join(dataDir, 'pg'), port: pgPort });
    await migrate(old.url);
    await query(old.url, `DROP ROLE ${old.appRole}`);
    rmSync(path.join(dataDir, 'pg-app-password'));
    await old.stop();

    const server = await startServer({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(pgPort),
      SEED_DEMO: 'false',
    });
    try {
      const file = path.join(dataDir, 'pg-app-password');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const appUrl = `postgresql://portal_app:${readFileSync(file, 'utf8').trim()}@127.0.0.1:${pgPort}/portal`;
      expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.base}/login`)).status).toBe(200);

      // every connection the portal holds is the app role's
      const sessions = await query<{ usename: string }>(
        old.url,
        `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'portal' AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      expect(sessions.map((s) => s.usename)).toEqual(['portal_app']);

      // which may add audit entries and write rows, but neither rewrite the audit log nor change the schema
      const [entry] = await query<{ id: number }>(
        appUrl,
        `INSERT INTO "AuditLog" ("action", "entityType", "summary") VALUES ('test.upgrade', 'Test', '升级后') RETURNING id`,
      );
      await query(appUrl, `UPDATE "Setting" SET "value" = "value"`);
      await expect(query(appUrl, `UPDATE "AuditLog" SET "summary" = 'x' WHERE id = ${entry.id}`)).rejects.toThrow(/permission denied/);
      await expect(query(appUrl, `ALTER TABLE "AuditLog" DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
      await expect(query(appUrl, `CREATE TABLE "Backdoor" (id int)`)).rejects.toThrow(/permission denied/);
    } finally {
      expect(await stopServer(server.child)).toBe(0);
    }
  }, 240_000);
});
