import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/client.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { hashPassword } from '../../src/domain/auth/passwords.js';
import { PDF } from '../files/fixtures.js';
import { freePort } from '../helpers/ports.js';
import { startServer, stopLeftoverPostgres, stopServer, type ServerProcess } from '../helpers/server.js';

const PASSWORD = 'Two#2026nodes';
const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

/** Logs in through node `base`'s form; returns the session cookie (`djportal.sid=…`). */
async function login(base: string, username: string, password = PASSWORD): Promise<{ status: number; text: string; cookie: string }> {
  const form = await request(base).get('/login');
  const anonymous = form.headers['set-cookie'] as unknown as string[];
  const res = await request(base)
    .post('/login')
    .set('Cookie', anonymous)
    .type('form')
    .send({ _csrf: token(form.text), username, password });
  const cookie = ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? [])[0]?.split(';')[0] ?? '';
  return { status: res.status, text: res.text, cookie };
}

describe('two app processes on one database', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djportal-two-'));
  // Both nodes share SESSION_SECRET and here one DATA_DIR (tests/ops/two-nodes.test.ts runs them without).
  const shared = { DATA_DIR: dataDir, SEED_DEMO: 'false', SESSION_SECRET: 'two-nodes-share-this-secret-0123456789', LOG_LEVEL: 'info' };
  let pgPort: number;
  let url: string;
  let a: ServerProcess | undefined;
  let b: ServerProcess | undefined;
  let db: Database;
  let unitId: number;

  beforeAll(async () => {
    pgPort = await freePort();
    a = await startServer({ ...shared, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(pgPort) });
    url = `postgresql://portal:${encodeURIComponent(readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim())}@127.0.0.1:${pgPort}/portal`;
    b = await startServer({ ...shared, PORT: String(await freePort()), DATABASE_URL: url });
    db = connectDatabase(url, { max: 2 });
    const unit = await db.prisma.unit.create({
      data: { code: 'two01', name: '双节点党支部', kind: 'BRANCH', location: '十堰', factory: '部件一厂' },
    });
    unitId = unit.id;
    const passwordHash = await hashPassword(PASSWORD);
    await db.prisma.person.create({
      data: {
        username: 'twosec',
        displayName: '双节点书记',
        passwordHash,
        partyStatus: 'FULL',
        homeUnitId: unit.id,
        grants: { create: [{ role: 'SECRETARY', unitId: unit.id }] },
      },
    });
    await db.prisma.person.create({ data: { username: 'twostaff', displayName: '双节点职工', passwordHash, homeUnitId: unit.id } });
  }, 120_000);

  afterAll(async () => {
    await db?.close().catch(() => {});
    if (b) await stopServer(b.child);
    if (a) await stopServer(a.child);
    await stopLeftoverPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('warns once on the node given only DATABASE_URL, the owner, which works as before; not on the embedded one', () => {
    const warning = 'DATABASE_URL is also the owner of the schema';
    expect(b!.log().split(warning).length - 1).toBe(1);
    expect(a!.log()).not.toContain(warning);
  });

  it('a session started on one node works on the other: pages, a write with its CSRF token, files, logout', async () => {
    expect(b!.log()).not.toContain('starting embedded PostgreSQL');
    const { status, cookie } = await login(a!.base, 'twosec');
    expect(status).toBe(303);

    // the session lives in PostgreSQL, not in node A's memory
    const sid = decodeURIComponent(cookie.split('=')[1]).slice(2).split('.')[0];
    const [row] = await db.prisma.$queryRaw<{ sess: { passport?: { user?: number } } }[]>`SELECT sess FROM "session" WHERE sid = ${sid}`;
    expect(row.sess.passport?.user).toBeDefined();

    const me = await request(b!.base).get('/me').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.text).toContain('双节点书记');
    const saved = await request(b!.base)
      .post('/units/two01/modules/study/edit')
      .set('Cookie', cookie)
      .field('_csrf', token(me.text))
      .field('title', '学习园地')
      .field('body', '<p>在第二个节点上发布。</p>')
      .field('baseNumber', '0')
      .field('intent', 'publish')
      .attach('attachments', PDF, { filename: '学习计划.pdf', contentType: 'application/pdf' });
    expect(saved.status).toBe(303);

    const page = await request(a!.base).get('/units/two01/modules/study').set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('在第二个节点上发布。');
    const attachment = await db.prisma.attachment.findFirstOrThrow({ where: { originalName: '学习计划.pdf' } });
    const file = await request(a!.base)
      .get(`/attachments/${attachment.id}`)
      .set('Cookie', cookie)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect((file.body as Buffer).equals(PDF)).toBe(true);

    // logging out on node B ends the session on node A too
    const out = await request(b!.base)
      .post('/logout')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token(me.text) });
    expect(out.status).toBe(303);
    const after = await request(a!.base).get('/me').set('Cookie', cookie);
    expect(after.status).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
  });

  it('login throttling counts failures on both nodes together', async () => {
    for (const base of [a!.base, b!.base, a!.base, b!.base, a!.base])
      expect((await login(base, 'twostaff', 'wrong-password')).status).toBe(401);
    for (const base of [b!.base, a!.base]) {
      const refused = await login(base, 'twostaff');
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('登录失败次数过多');
    }
    expect(await db.prisma.loginFailure.count({ where: { key: 'u:twostaff' } })).toBe(5);
  });

  it('each node counts page views in memory and adds its own: none lost, none counted twice', async () => {
    const { cookie } = await login(b!.base, 'twosec');
    const edit = await request(b!.base).get('/units/two01/modules/plan/edit').set('Cookie', cookie);
    const form = { _csrf: token(edit.text), title: '年度工作计划', body: '<p>全年工作安排。</p>', baseNumber: 0, intent: 'publish' };
    expect((await request(b!.base).post('/units/two01/modules/plan/edit').set('Cookie', cookie).type('form').send(form)).status).toBe(303);
    for (const base of [a!.base, a!.base, a!.base, b!.base, b!.base]) {
      expect((await request(base).get('/units/two01/modules/plan').set('Cookie', cookie)).status).toBe(200);
    }
    await db.close();
    expect(await stopServer(b!.child)).toBe(0);
    b = undefined;
    expect(await stopServer(a!.child)).toBe(0); // stops the embedded PostgreSQL too
    a = undefined;
    const pg = await startEmbeddedPostgres({ dir: path.join(dataDir, 'pg'), port: pgPort });
    db = connectDatabase(url, { max: 1 });
    try {
      const item = await db.prisma.contentItem.findFirstOrThrow({
        where: { unitId, title: '年度工作计划' },
        select: { views: { select: { views: true } } },
      });
      expect(item.views?.views).toBe(5);
    } finally {
      await db.close();
      await pg.stop();
    }
  }, 60_000);
});
