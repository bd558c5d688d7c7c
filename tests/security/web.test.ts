import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/web/app.js';
import { anonymous, csrfOf, loginAs, testApp } from '../helpers/app.js';
import { testDatabase, testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, TEST_PASSWORD } from '../helpers/factories.js';
import { listRoutes } from '../helpers/routes.js';
import { PDF, PNG } from '../files/fixtures.js';
import { postMultipart } from '../helpers/multipart.js';

const sidOf = (res: { headers: Record<string, unknown> }) => /djportal\.sid=([^;]+)/.exec(String(res.headers['set-cookie'] ?? ''))?.[1];
const cookieOf = (res: { headers: Record<string, unknown> }) =>
  String((res.headers['set-cookie'] as string[] | undefined)?.find((c) => c.startsWith('djportal.sid=')) ?? '');
/** Every route's path with its parameters filled in (the CSRF check comes before any loader, so any value does). */
const filled = (p: string) => p.replace(/:[a-zA-Z]+/g, '1');

describe('CSRF: every form of the router refuses a post without the session’s token', () => {
  const posts = listRoutes(testApp()).filter((r) => r.method === 'POST');

  it('answers 403 with the Chinese page, without, with a wrong and with another session’s token, and changes nothing', async () => {
    expect(posts.length).toBeGreaterThan(50);
    const admin = await loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
    const someoneElse = await loginAs((await makePerson()).username);
    const theirs = await csrfOf(someoneElse, '/me');
    const mine = await csrfOf(admin, '/me');
    expect(theirs).not.toBe(mine);
    const before = await testDb().auditLog.count();
    const wrong: string[] = [];
    for (const r of posts) {
      const url = filled(r.path);
      for (const [what, body] of [
        ['no token', {}],
        ['a wrong token', { _csrf: 'x'.repeat(mine.length) }],
        ['another session’s token', { _csrf: theirs }],
        ['a token as a list', { _csrf: [mine, mine] }],
      ] as const) {
        const res = await admin
          .post(url)
          .type('form')
          .send({ ...body, title: '未经确认的请求' });
        if (res.status !== 403 || !res.text.includes('页面已过期或请求来源无效'))
          wrong.push(`${r.method} ${r.path} with ${what}: ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await testDb().auditLog.count()).toBe(before);
  }, 120_000);

  it('checks multipart forms the same way (the file is parsed first, then refused)', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    const res = await info
      .post(`/units/${w.branch.code}/modules/plan/edit`)
      .field('title', '计划')
      .field('body', '<p>x</p>')
      .field('intent', 'draft')
      .attach('attachments', PDF, { filename: 'a.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(403);
    expect(await testDb().attachment.count({ where: { unitId: w.branch.id } })).toBe(0);
    const ok = await postMultipart(
      info,
      `/units/${w.branch.code}/modules/plan/edit`,
      { title: '计划', body: '<p>x</p>', baseNumber: 0, intent: 'draft' },
      [{ name: 'a.pdf', data: PDF, type: 'application/pdf' }],
    );
    expect(ok.status).toBe(303);
  });

  it('refuses an anonymous post without a token with 403, not a login redirect', async () => {
    const res = await anonymous().post('/logout').type('form').send({});
    expect(res.status).toBe(403);
    expect(res.text).toContain('页面已过期');
  });
});

/** A login through the form; its answer sets the session cookie (a visitor's page does not). */
async function loginThroughForm(app: Parameters<typeof request.agent>[0], headers: Record<string, string> = {}) {
  const person = await makePerson();
  const agent = request.agent(app);
  const page = await agent.get('/login').set(headers);
  const _csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  return agent.post('/login').set(headers).type('form').send({ _csrf, username: person.username, password: TEST_PASSWORD });
}

describe('sessions', () => {
  it('gives a new session id at login, and the id planted before login stays anonymous', async () => {
    const person = await makePerson();
    // the attacker visits the login page and plants its cookies in the victim's browser (a visitor has no session)
    const planted = await request(testApp()).get('/login');
    expect(cookieOf(planted)).toBe('');
    const cookie = ((planted.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');
    const token = /name="_csrf" value="([^"]+)"/.exec(planted.text)![1];
    const login = await request(testApp())
      .post('/login')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, username: person.username, password: TEST_PASSWORD });
    expect(login.status).toBe(303);
    expect(sidOf(login)).toBeDefined();
    expect(cookie).not.toContain(String(sidOf(login)));
    // the victim's new cookie is logged in; the planted one is not
    expect((await request(testApp()).get('/me').set('Cookie', cookieOf(login).split(';')[0])).status).toBe(200);
    const attacker = await request(testApp()).get('/me').set('Cookie', cookie);
    expect(attacker.status).toBe(303);
    expect(attacker.headers.location).toBe('/login?returnTo=%2Fme');
  });

  it('ignores a session id that the server did not sign', async () => {
    const res = await request(testApp()).get('/me').set('Cookie', 'djportal.sid=attacker-chosen-id');
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('/login');
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and Secure with HSTS when the site is served over HTTPS', async () => {
    const res = await loginThroughForm(testApp());
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/; Secure/);

    const dir = path.join(os.tmpdir(), `djportal-secure-${process.pid}`);
    const secure = createApp({
      db: testDatabase(),
      config: {
        sessionSecret: 'secure-test-secret-secure-test-secret',
        cookieSecure: true,
        dataDir: dir,
        uploadsDir: path.join(dir, 'uploads'),
      },
      logger: pino({ level: 'silent' }),
    });
    // over HTTPS the login form's own cookies (a visitor's identifier and CSRF token) are Secure too
    const behindProxy = await request(secure).get('/login').set('X-Forwarded-Proto', 'https');
    const visitorCookies = (behindProxy.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
    expect(visitorCookies.map((c) => c.split('=')[0]).sort()).toEqual(['djp.anon', 'djp.csrf']);
    const secureCookie = visitorCookies.join('\n');
    expect(secureCookie).toMatch(/; HttpOnly/);
    expect(secureCookie).toMatch(/; Secure/);
    expect(secureCookie).toMatch(/; SameSite=Lax/);
    expect(behindProxy.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});

describe('headers of every kind of answer', () => {
  it('refuses framing and inline script on pages, error pages, files and spreadsheets', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    await postMultipart(
      info,
      `/units/${w.branch.code}/modules/plan/edit`,
      { title: '计划', body: '<p>x</p>', baseNumber: 0, intent: 'submit' },
      [{ name: '计划.pdf', data: PDF, type: 'application/pdf' }],
    );
    const file = await testDb().attachment.findFirstOrThrow({ where: { unitId: w.branch.id } });
    const answers = {
      login: await anonymous().get('/login'),
      page: await info.get(`/units/${w.branch.code}`),
      'not found': await info.get('/no/such/page'),
      forbidden: await info.get('/admin/users'),
      file: await info.get(`/attachments/${file.id}`),
      spreadsheet: await info.get(`/units/${w.branch.code}/board.xlsx`),
      health: await anonymous().get('/healthz'),
    };
    for (const [what, res] of Object.entries(answers)) {
      expect(res.status, what).toBeLessThan(500);
      const csp = String(res.headers['content-security-policy']);
      expect(csp, what).toContain("frame-ancestors 'none'");
      expect(csp, what).not.toContain('unsafe-inline');
      expect(csp, what).not.toContain('unsafe-eval');
      expect(res.headers['x-frame-options'], what).toMatch(/^(DENY|SAMEORIGIN)$/);
      expect(res.headers['x-content-type-options'], what).toBe('nosniff');
      expect(res.headers['x-powered-by'], what).toBeUndefined();
    }
    const pageCsp = String(answers.page.headers['content-security-policy']);
    expect(pageCsp).toContain("script-src 'self'");
    expect(pageCsp).toContain("object-src 'none'");
    expect(pageCsp).toContain("base-uri 'self'");
    expect(pageCsp).toContain("form-action 'self'");
    expect(answers.page.headers['referrer-policy']).toBe('no-referrer');
    expect(answers.page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('browser caching: a shared PC shows no earlier person’s pages', () => {
  // After logout, the back button or the browser's cache must not bring back what the previous person saw.
  it('marks every signed-in answer no-store (pages, errors, files, spreadsheets) while static files keep their caching', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    await postMultipart(
      info,
      `/units/${w.branch.code}/modules/plan/edit`,
      { title: '计划', body: '<p>x</p>', baseNumber: 0, intent: 'submit' },
      [
        { name: '计划.pdf', data: PDF, type: 'application/pdf' },
        { name: '照片.png', data: PNG, type: 'image/png' },
      ],
    );
    const files = await testDb().attachment.findMany({ where: { unitId: w.branch.id }, orderBy: { id: 'asc' } });
    expect(files.map((f) => f.mimeType)).toEqual(['application/pdf', 'image/png']);
    const answers = {
      login: await anonymous().get('/login'),
      page: await info.get(`/units/${w.branch.code}`),
      me: await info.get('/me'),
      'form with errors': await info
        .post('/me/password')
        .type('form')
        .send({ _csrf: await csrfOf(info, '/me'), current: 'wrong', next: 'x', confirm: 'y' }),
      'not found': await info.get('/no/such/page'),
      forbidden: await info.get('/admin/users'),
      'file download': await info.get(`/attachments/${files[0].id}`),
      'inline image': await info.get(`/attachments/${files[1].id}`),
      spreadsheet: await info.get(`/units/${w.branch.code}/board.xlsx`),
    };
    expect(answers['form with errors'].status).toBe(400);
    expect(answers['file download'].status).toBe(200);
    expect(answers['inline image'].status).toBe(200);
    expect(answers.spreadsheet.status).toBe(200);
    for (const [what, res] of Object.entries(answers)) {
      expect(res.headers['cache-control'], what).toBe('no-store');
      expect(res.headers.pragma, what).toBe('no-cache');
    }
    for (const agent of [info, anonymous()]) {
      const css = await agent.get('/public/css/admin.css');
      expect(css.status).toBe(200);
      expect(css.headers['cache-control']).toBe('public, max-age=86400');
      expect(css.headers.pragma).toBeUndefined();
    }
  });
});

describe('after login, only a page of this site', () => {
  const EVIL = [
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'http:/evil.example',
    'javascript:alert(1)',
    ' //evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '//evil.example/%2F..',
    '/login?returnTo=//evil.example',
  ];
  const stays = (location: string) =>
    new URL(location, 'http://portal.test').host === 'portal.test' && !location.toLowerCase().includes('javascript:');

  it('never leaves the site, from the login form or from the login page of someone already in', async () => {
    const person = await makePerson();
    const agent = await loginAs(person.username);
    for (const evil of EVIL) {
      const res = await agent.get(`/login?returnTo=${encodeURIComponent(evil)}`);
      expect(res.status, evil).toBe(302);
      expect(stays(res.headers.location), `${evil} → ${res.headers.location}`).toBe(true);
      const fresh = anonymous();
      const token = await csrfOf(fresh);
      const posted = await fresh
        .post('/login')
        .type('form')
        .send({ _csrf: token, username: person.username, password: TEST_PASSWORD, returnTo: evil });
      expect(posted.status, evil).toBe(303);
      expect(stays(posted.headers.location), `${evil} → ${posted.headers.location}`).toBe(true);
    }
  });

  it('does go back to the page asked for on this site', async () => {
    const person = await makePerson();
    const agent = anonymous();
    const first = await agent.get('/voices/mine');
    expect(first.headers.location).toBe('/login?returnTo=%2Fvoices%2Fmine');
    const token = await csrfOf(agent, first.headers.location);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, username: person.username, password: TEST_PASSWORD, returnTo: '/voices/mine?x=1' });
    expect(res.headers.location).toBe('/voices/mine?x=1');
  });
});
