import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';
import { createBackup } from '../../src/ops/backup.js';
import { restoreBackup } from '../../src/ops/restore.js';
import { createApp } from '../../src/web/app.js';
import { UPLOADS_DIR } from '../files/fixtures.js';
import { csrfOf, loginAs } from '../helpers/app.js';
import { makeBranchWorld, TEST_PASSWORD } from '../helpers/factories.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'djportal-search-restore-'));
const adminUrl = inject('adminUrl');
const name = `${inject('templateDb')}_search_${process.env.VITEST_POOL_ID ?? '1'}`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  rmSync(work, { recursive: true, force: true });
});

describe('restoring a backup', () => {
  it('rebuilds what search needs: the restored portal finds what the backed-up one found', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    const sec = await loginAs(w.secretary.username);
    await sec
      .post(`/units/${tag}/modules/overview/edit`)
      .type('form')
      .send({
        _csrf: await csrfOf(sec, '/me'),
        title: `支部概况${tag}`,
        body: '<p>开展民主评议党员工作。</p>',
        baseNumber: 0,
        intent: 'publish',
      });
    const file = path.join(work, 'search.tar.gz');
    const manifest = await createBackup({ databaseUrl: process.env.TEST_WORKER_DATABASE_URL!, uploadsDir: UPLOADS_DIR, out: file });
    // made from the other tables, so not in the file
    expect(manifest.tables.map((t) => t.name)).not.toContain('SearchDoc');

    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    });
    const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
    await restoreBackup({ file, databaseUrl: url, uploadsDir: path.join(work, 'uploads') });

    const db = connectDatabase(url, { max: 3 });
    try {
      const app = createApp({
        db,
        config: {
          sessionSecret: 'restored-secret-restored-secret',
          cookieSecure: false,
          dataDir: work,
          uploadsDir: path.join(work, 'uploads'),
        },
        logger: pino({ level: 'silent' }),
      });
      const agent = request.agent(app);
      const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/login')).text)![1];
      await agent.post('/login').type('form').send({ _csrf: token, username: w.staff.username, password: TEST_PASSWORD });
      const res = await agent.get(`/search?q=${encodeURIComponent(`评议 ${tag}`)}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`支部概况${tag}`);
      expect(res.text).toContain('民主<mark>评议</mark>党员');
    } finally {
      await db.close();
    }
  }, 60_000);
});
