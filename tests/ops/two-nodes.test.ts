import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/client.js';
import { hashPassword } from '../../src/domain/auth/passwords.js';
import { legacyPath } from '../../src/domain/files/upgrade.js';
import { PDF } from '../files/fixtures.js';
import { freePort } from '../helpers/ports.js';
import { startServer, stopServer, type ServerProcess } from '../helpers/server.js';

const PASSWORD = 'Two#2026nodes';
const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Logs in through node `base`'s form; returns the session cookie (`djportal.sid=…`). */
async function login(base: string, username: string, password = PASSWORD) {
  const form = await request(base).get('/login');
  const res = await request(base)
    .post('/login')
    .set('Cookie', form.headers['set-cookie'] as unknown as string[])
    .type('form')
    .send({ _csrf: token(form.text), username, password });
  const cookie = ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? [])[0]?.split(';')[0] ?? '';
  return { status: res.status, text: res.text, cookie };
}

function bytes(base: string, url: string, cookie: string, headers: Record<string, string> = {}) {
  return request(base)
    .get(url)
    .set('Cookie', cookie)
    .set(headers)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/**
 * Two portals as a deployment runs them: separate processes, each with its own DATA_DIR and port, both on one
 * PostgreSQL (the test run's server, a database of their own), nothing shared on disk.
 */
describe('two stateless app nodes on one PostgreSQL', () => {
  const dbName = `${inject('templateDb')}_twonodes_${process.env.VITEST_POOL_ID ?? '1'}`;
  const adminUrl = inject('adminUrl');
  const ownerUrl = adminUrl.replace(/\/[^/]*$/, `/${dbName}`);
  const appUrl = inject('appUrl').replace(/\/[^/]*$/, `/${dbName}`);
  const dirs = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'djportal-node-')));
  const envs: Record<string, string>[] = [];
  let nodes: (ServerProcess | undefined)[] = [];
  let db: Database;

  const base = (i: number) => nodes[i]!.base;
  const page = (i: number, url: string, cookie: string) => request(base(i)).get(url).set('Cookie', cookie);
  const post = async (i: number, url: string, cookie: string, form: Record<string, string>) => {
    const me = await page(i, '/me', cookie);
    return request(base(i))
      .post(url)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token(me.text), ...form });
  };

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    for (const dir of dirs)
      envs.push({
        DATA_DIR: dir,
        PORT: String(await freePort()),
        DATABASE_URL: appUrl,
        MIGRATION_DATABASE_URL: ownerUrl,
        SESSION_SECRET: 'two-stateless-nodes-share-this-secret-0123',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'info',
      });
    // both at the same instant on an empty database: one migrates, the other waits for it
    nodes = await Promise.all(envs.map((env) => startServer(env)));
    db = connectDatabase(appUrl, { max: 2 });
    const unit = await db.prisma.unit.create({
      data: { code: 'node01', name: '无状态节点党支部', kind: 'BRANCH', location: '十堰', factory: '部件一厂' },
    });
    const passwordHash = await hashPassword(PASSWORD);
    await db.prisma.person.create({
      data: {
        username: 'nodesec',
        displayName: '节点书记',
        passwordHash,
        partyStatus: 'FULL',
        homeUnitId: unit.id,
        grants: { create: [{ role: 'SECRETARY', unitId: unit.id }] },
      },
    });
    await db.prisma.person.create({
      data: { username: 'nodeadmin', displayName: '节点管理员', passwordHash, grants: { create: [{ role: 'ADMIN' }] } },
    });
    await db.prisma.person.create({ data: { username: 'nodestaff', displayName: '节点职工', passwordHash, homeUnitId: unit.id } });
  }, 180_000);

  afterAll(async () => {
    await db?.close().catch(() => {});
    await Promise.all(nodes.map((n) => (n ? stopServer(n.child) : undefined)));
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('ran the migrations once when both started at the same instant', async () => {
    const rows = await db.prisma.$queryRaw<{ name: string; n: number }[]>`
      SELECT migration_name AS name, count(*)::int AS n FROM "_prisma_migrations" GROUP BY migration_name`;
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.n !== 1)).toEqual([]);
    expect(nodes.filter((n) => n!.log().includes('applied migrations')).length).toBe(1);
    for (const n of nodes) expect(n!.log()).not.toContain('starting embedded PostgreSQL');
  });

  it('a file uploaded through one node downloads from the other, and a write on one is seen at once on the other', async () => {
    const { cookie } = await login(base(0), 'nodesec');
    // node B reads the page first, so that it has kept what it showed
    expect((await page(1, '/units/node01/modules/study', cookie)).status).toBe(200);
    const file = Buffer.concat([PDF, randomBytes(600 * 1024)]);
    const me = await page(0, '/me', cookie);
    const saved = await request(base(0))
      .post('/units/node01/modules/study/edit')
      .set('Cookie', cookie)
      .field('_csrf', token(me.text))
      .field('title', '学习园地')
      .field('body', '<p>在节点一上发布。</p>')
      .field('baseNumber', '0')
      .field('intent', 'publish')
      .attach('attachments', file, { filename: '学习计划.pdf', contentType: 'application/pdf' });
    expect(saved.status).toBe(303);

    const onB = await page(1, '/units/node01/modules/study', cookie);
    expect(onB.text).toContain('在节点一上发布。');
    const id = Number(/href="\/attachments\/(\d+)"/.exec(onB.text)![1]);
    const whole = await bytes(base(1), `/attachments/${id}`, cookie);
    expect(whole.status).toBe(200);
    expect((whole.body as Buffer).equals(file)).toBe(true);
    const part = await bytes(base(1), `/attachments/${id}`, cookie, { Range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect((part.body as Buffer).equals(file.subarray(1000, 2000))).toBe(true);
    // neither node has written anything into its DATA_DIR: no uploads folder, no secret, no cache
    for (const dir of dirs) expect(readdirSync(dir)).toEqual([]);
  });

  it('a logout on one node ends the session on the other; a role revoked on one is refused at once on the other', async () => {
    const sec = await login(base(0), 'nodesec');
    expect((await page(1, '/units/node01/modules/plan/edit', sec.cookie)).status).toBe(200);
    const adm = await login(base(0), 'nodeadmin');
    const person = await db.prisma.person.findUniqueOrThrow({ where: { username: 'nodesec' }, include: { grants: true } });
    const secretary = person.grants.find((g) => g.role === 'SECRETARY')!;
    const revoked = await post(0, `/admin/users/${person.id}/roles/${secretary.id}/revoke`, adm.cookie, {});
    expect(revoked.status).toBe(303);
    // the revoke ends the person's sessions, on every node; signed in again on node B, the role is gone
    const ended = await page(1, '/units/node01/modules/plan/edit', sec.cookie);
    expect([ended.status, ended.headers.location]).toEqual([303, '/login?returnTo=%2Funits%2Fnode01%2Fmodules%2Fplan%2Fedit']);
    const again = await login(base(1), 'nodesec');
    expect((await page(1, '/units/node01/modules/plan/edit', again.cookie)).status).toBe(403);

    expect((await page(1, '/me', adm.cookie)).status).toBe(200);
    expect((await post(1, '/logout', adm.cookie, {})).status).toBe(303);
    const after = await page(0, '/me', adm.cookie);
    expect([after.status, after.headers.location]).toEqual([303, '/login?returnTo=%2Fme']);
  });

  it('login throttling counts failures on both nodes together', async () => {
    for (const i of [0, 1, 0, 1, 0]) expect((await login(base(i), 'nodestaff', 'wrong-password')).status).toBe(401);
    for (const i of [1, 0]) {
      const refused = await login(base(i), 'nodestaff');
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('登录失败次数过多');
    }
  });

  it('a node started with files of an older version in its DATA_DIR moves them into the database, for every node', async () => {
    const sec = await db.prisma.person.findUniqueOrThrow({ where: { username: 'nodeadmin' } });
    const file = Buffer.concat([PDF, randomBytes(1000)]);
    const key = randomBytes(16).toString('hex');
    const row = await db.prisma.attachment.create({
      data: {
        storageKey: key,
        originalName: '旧版文件.pdf',
        mimeType: 'application/pdf',
        size: file.length,
        sha256: sha256(file),
        uploadedById: sec.id,
      },
    });
    const onDisk = legacyPath(path.join(dirs[0], 'uploads'), key);
    mkdirSync(path.dirname(onDisk), { recursive: true });
    writeFileSync(onDisk, file);
    await stopServer(nodes[0]!.child);
    nodes[0] = await startServer(envs[0]);
    expect(nodes[0].log()).toContain('moved uploaded files of an older version into the database');
    const { cookie } = await login(base(1), 'nodeadmin');
    const got = await bytes(base(1), `/attachments/${row.id}`, cookie);
    expect((got.body as Buffer).equals(file)).toBe(true);
    expect(readdirSync(path.join(dirs[0], 'uploads'), { recursive: true }).filter((f) => String(f).includes(key))).toEqual([]);
  }, 60_000);
});
