import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectoryConfig } from '../../src/domain/auth/directory.js';
import { createApp } from '../../src/web/app.js';
import { anonymous, csrfOf } from '../helpers/app.js';
import { testDatabase, testDb } from '../helpers/db.js';
import { makePerson, makeUnit, TEST_PASSWORD } from '../helpers/factories.js';
import { freePort } from '../helpers/ports.js';
import { BASE, SERVICE, slapdMissing, startSlapd, type Slapd } from './slapd.js';

if (slapdMissing) console.warn(`company login tests against slapd SKIPPED: ${slapdMissing}`);

const DOMAIN_PASSWORD = 'Domain#Pass2026';

function appWith(ldap: Partial<DirectoryConfig> & { url: string }): Express {
  const dataDir = path.join(os.tmpdir(), `djportal-test-data-${process.pid}`);
  return createApp({
    db: testDatabase(),
    config: {
      sessionSecret: 'test-secret-test-secret-test-secret',
      cookieSecure: false,
      dataDir,
      uploadsDir: path.join(dataDir, 'uploads'),
      ldap: {
        bindDN: SERVICE.dn,
        bindPassword: SERVICE.password,
        searchBase: `ou=people,${BASE}`,
        userFilter: '(&(objectClass=inetOrgPerson)(uid={username}))',
        employeeIdAttribute: 'employeeNumber',
        startTls: false,
        timeoutMs: 1500,
        ...ldap,
      },
    },
    logger: pino({ level: 'silent' }),
  });
}

async function login(app: Express, username: string, password: string) {
  const agent = anonymous(app);
  const _csrf = await csrfOf(agent);
  const res = await agent.post('/login').type('form').send({ _csrf, username, password });
  return { agent, res };
}

describe.skipIf(slapdMissing !== null)('company login against a real directory (slapd)', () => {
  let slapd: Slapd;
  let app: Express;
  let member: Awaited<ReturnType<typeof makePerson>>;
  let admin: Awaited<ReturnType<typeof makePerson>>;

  beforeAll(async () => {
    const unit = await makeUnit();
    member = await makePerson({ roles: [{ role: 'MEMBER', unitId: unit.id }], homeUnitId: unit.id, displayName: '域账号张三' });
    admin = await makePerson({ roles: [{ role: 'ADMIN' }] });
    slapd = await startSlapd([
      { uid: 'zhangsan', password: DOMAIN_PASSWORD, employeeNumber: member.username },
      { uid: 'lisi', password: DOMAIN_PASSWORD, employeeNumber: 'x-nobody-9999' },
      { uid: admin.username, password: DOMAIN_PASSWORD, employeeNumber: admin.username },
      { uid: 'wangwu', password: DOMAIN_PASSWORD, employeeNumber: admin.username },
      // each test that fails on purpose has its own domain user: the throttle counts per account
      { uid: 'zhaoliu', password: DOMAIN_PASSWORD, employeeNumber: member.username },
      { uid: 'sunqi', password: DOMAIN_PASSWORD, employeeNumber: member.username },
    ]);
    app = appWith({ url: slapd.url });
  });
  afterAll(async () => slapd?.stop());

  it('logs a person in with their domain username and password, matched by 工号, keeping no password', async () => {
    const before = await testDb().person.findUniqueOrThrow({ where: { id: member.id } });
    const { agent, res } = await login(app, 'zhangsan', DOMAIN_PASSWORD);
    expect(res.status).toBe(303);
    expect((await agent.get('/me')).text).toContain('域账号张三');
    expect((await testDb().person.findUniqueOrThrow({ where: { id: member.id } })).passwordHash).toBe(before.passwordHash);
    const entry = await testDb().auditLog.findFirstOrThrow({
      where: { action: 'auth.login', actorId: member.id },
      orderBy: { id: 'desc' },
    });
    expect(entry.summary).toContain(`公司账号，工号 ${member.username}`);
    expect((await anonymous(app).get('/login')).text).toContain('公司域账号');
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    for (const [u, p] of [
      ['zhangsan', 'Wrong#Pass2026'],
      ['nobody-here', DOMAIN_PASSWORD],
      ['*', DOMAIN_PASSWORD],
      ['zhangsan)(uid=*', DOMAIN_PASSWORD],
    ]) {
      const { res } = await login(app, u, p);
      expect(res.status).toBe(401);
      expect(res.text).toContain('用户名或密码错误');
      expect(res.text).toContain('name="username"');
    }
  });

  it('says so when the directory knows the person but their 工号 matches nobody in the portal', async () => {
    const { res } = await login(app, 'lisi', DOMAIN_PASSWORD);
    expect(res.status).toBe(403);
    expect(res.text).toContain('您的公司账号（工号 x-nobody-9999）在平台中没有对应的在用人员');
  });

  it('keeps the administrator local: the directory neither opens nor blocks their account', async () => {
    expect((await login(app, admin.username, DOMAIN_PASSWORD)).res.status).toBe(401);
    expect((await login(app, 'wangwu', DOMAIN_PASSWORD)).res.status).toBe(403);
    expect((await login(app, admin.username, TEST_PASSWORD)).res.status).toBe(303);
    expect((await login(app, member.username, TEST_PASSWORD)).res.status).toBe(303);
  });

  it('supports StartTLS and LDAPS with the directory’s CA, and refuses a certificate it cannot verify', async () => {
    const startTls = appWith({ url: slapd.url, startTls: true, ca: slapd.ca });
    expect((await login(startTls, 'zhangsan', DOMAIN_PASSWORD)).res.status).toBe(303);
    const ldaps = appWith({ url: slapd.tlsUrl, ca: slapd.ca });
    expect((await login(ldaps, 'zhangsan', DOMAIN_PASSWORD)).res.status).toBe(303);
    const untrusted = appWith({ url: slapd.tlsUrl });
    expect((await login(untrusted, 'zhangsan', DOMAIN_PASSWORD)).res.status).toBe(503);
  });

  it('still throttles: after five wrong domain passwords even the right one waits', async () => {
    const agent = anonymous(app);
    const _csrf = await csrfOf(agent);
    for (let i = 0; i < 5; i++)
      expect(
        (
          await agent
            .post('/login')
            .type('form')
            .send({ _csrf, username: 'zhaoliu', password: `Wrong#${i}` })
        ).status,
      ).toBe(401);
    const res = await agent.post('/login').type('form').send({ _csrf, username: 'zhaoliu', password: DOMAIN_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.text).toContain('登录失败次数过多');
  });

  describe('a directory that is down or does not answer', () => {
    let silent: Server;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      // accepts the connection and never says a word: what a hung directory server looks like
      silent = createServer((s) => void sockets.push(s)).listen(0, '127.0.0.1');
      await new Promise((r) => silent.once('listening', r));
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    });

    it('gives a clear message within a few seconds, and local accounts still log in', async () => {
      const port = (silent.address() as { port: number }).port;
      for (const url of [`ldap://127.0.0.1:${await freePort()}`, `ldap://127.0.0.1:${port}`]) {
        const down = appWith({ url });
        const started = Date.now();
        const { res } = await login(down, 'sunqi', DOMAIN_PASSWORD);
        expect(Date.now() - started).toBeLessThan(5000);
        expect(res.status).toBe(503);
        expect(res.text).toContain('公司账号目录暂时无法连接');
        expect((await login(down, admin.username, TEST_PASSWORD)).res.status).toBe(303);
      }
    });
  });
});
