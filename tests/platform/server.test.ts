import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { startServer, stopServer as stop } from '../helpers/server.js';

describe('npm start on a fresh data directory', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djportal-server-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts the embedded database, seeds the demo once, stops cleanly, and keeps every row on the next start', async () => {
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'info' };
    const first = await startServer(env);
    expect(first.log()).toContain('seeding the demo organisation');
    expect(first.log()).toContain('demo accounts (password Demo@2026)');
    const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const login = await fetch(`http://127.0.0.1:${env.PORT}/login`);
    expect(await login.text()).toContain('Demo@2026');

    const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    const url = `postgresql://portal:${password}@127.0.0.1:${env.EMBEDDED_PG_PORT}/portal`;
    const count = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const { rows } = await c.query('SELECT (SELECT count(*) FROM "Unit")::int AS units, (SELECT count(*) FROM "Person")::int AS people');
      await c.end();
      return rows[0] as { units: number; people: number };
    };
    const before = await count();
    expect(before.units).toBeGreaterThanOrEqual(13);
    expect(before.people).toBeGreaterThanOrEqual(290);

    expect(await stop(first.child)).toBe(0);
    expect(first.log()).toContain('stopped');
    // the embedded PostgreSQL stopped with the app
    await expect(count()).rejects.toThrow();

    const second = await startServer(env);
    expect(second.log()).not.toContain('seeding the demo organisation');
    expect(await count()).toEqual(before);
    expect(await stop(second.child)).toBe(0);
  }, 240_000);
});
