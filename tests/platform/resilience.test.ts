import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';
import { startEmbeddedPostgres, type EmbeddedDb } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrator.js';
import { hashPassword } from '../../src/domain/auth/passwords.js';
import { createApp } from '../../src/web/app.js';
import { freePort } from '../helpers/ports.js';

// A database of its own, so that stopping it does not disturb the other tests.
describe('when the database goes away and comes back', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'djportal-resilience-'));
  let pg: EmbeddedDb | undefined;
  afterAll(async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with a Chinese page meanwhile, and recovers by itself', async () => {
    const port = await freePort();
    pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port });
    await migrate(pg.url);
    const db = connectDatabase(pg.url);
    const app = createApp({
      db,
      config: { sessionSecret: 'resilience-secret-resilience', cookieSecure: false, dataDir: dir, uploadsDir: path.join(dir, 'uploads') },
      logger: pino({ level: 'silent' }),
    });
    expect((await request(app).get('/healthz')).status).toBe(200);
    await db.prisma.person.create({ data: { username: 'r1', displayName: '测试', passwordHash: await hashPassword('Res#2026pass') } });
    const agent = request.agent(app);
    const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/login')).text)![1];
    expect((await agent.post('/login').type('form').send({ _csrf: token, username: 'r1', password: 'Res#2026pass' })).status).toBe(303);

    await pg.stop();
    const down = await request(app).get('/healthz');
    expect(down.status).toBe(503);
    const page = await agent.get('/units');
    expect(page.status).toBe(503);
    expect(page.text).toContain('数据库暂时无法连接');
    expect(page.text).not.toMatch(/at .*\.(ts|js):\d+/);

    pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port });
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await request(app).get('/healthz')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    expect((await agent.get('/units')).status).toBe(200);
    await db.close();
  }, 120_000); // stopping and starting a PostgreSQL takes a while on a busy machine
});
