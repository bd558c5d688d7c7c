import { describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs } from '../helpers/app.js';
import { makePerson, makeUnit, TEST_PASSWORD } from '../helpers/factories.js';
import { testDb } from '../helpers/db.js';

describe('shared layout and error pages', () => {
  it('sets a Content-Security-Policy without inline script, and refuses framing', async () => {
    const res = await anonymous().get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('answers an unknown page with the Chinese 404 page in the layout', async () => {
    const agent = await loginAs((await makePerson()).username);
    const res = await agent.get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.text).toContain('页面不存在');
    expect(res.text).toContain('党建信息平台');
  });

  it('answers an unknown unit code with 404, never a 500, whatever the code looks like', async () => {
    const agent = await loginAs((await makePerson()).username);
    for (const code of ['nope', '%27%20OR%201=1', 'a'.repeat(300), '..%2F..%2Fetc']) {
      const res = await agent.get(`/units/${code}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('单位不存在');
    }
  });

  it('shows the navigation by role: review for the office, admin for administrators', async () => {
    const staff = await loginAs((await makePerson()).username);
    const office = await loginAs((await makePerson({ roles: [{ role: 'OFFICE' }] })).username);
    const admin = await loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
    const s = (await staff.get('/')).text;
    expect(s).toContain('单位网站');
    expect(s).not.toContain('每日巡检');
    expect(s).not.toContain('href="/admin"');
    expect((await office.get('/')).text).toContain('每日巡检');
    expect((await admin.get('/')).text).toContain('href="/admin"');
  });

  it('refuses a logged-in form post without or with a wrong CSRF token', async () => {
    const person = await makePerson();
    const agent = await loginAs(person.username);
    const none = await agent
      .post('/me/password')
      .type('form')
      .send({ current: TEST_PASSWORD, next: 'Another#2026x', confirm: 'Another#2026x' });
    expect(none.status).toBe(403);
    const wrong = await agent
      .post('/me/password')
      .type('form')
      .send({ _csrf: 'x'.repeat(32), current: TEST_PASSWORD, next: 'Another#2026x', confirm: 'Another#2026x' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('页面已过期');
  });
});

describe('/units', () => {
  it('groups units by location and factory with the secretary and member count', async () => {
    const branch = await makeUnit({ location: '襄阳', factory: '测试工厂甲' });
    const sec = await makePerson({ roles: [{ role: 'SECRETARY', unitId: branch.id }], homeUnitId: branch.id, displayName: '书记甲某' });
    await makePerson({ homeUnitId: branch.id, partyStatus: 'FULL' });
    await makePerson({ homeUnitId: branch.id, partyStatus: 'MASSES' });
    const agent = await loginAs(sec.username);
    const res = await agent.get('/units');
    expect(res.status).toBe(200);
    expect(res.text).toContain('襄阳 · 测试工厂甲');
    const row = res.text.slice(res.text.indexOf(branch.name), res.text.indexOf('</tr>', res.text.indexOf(branch.name)));
    expect(row).toContain('书记甲某');
    expect(row).toMatch(/<td class="num">2<\/td>/); // the secretary and the other full member; the non-member is not counted
  });

  it('shows a unit header with parent, officers and party groups', async () => {
    const committee = await makeUnit({ kind: 'COMMITTEE', name: '测试党委乙' });
    const branch = await makeUnit({ parentId: committee.id });
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: branch.id, name: '第一党小组乙' });
    const sec = await makePerson({ roles: [{ role: 'SECRETARY', unitId: branch.id }], displayName: '书记乙某' });
    await makePerson({ roles: [{ role: 'INFO_OFFICER', unitId: branch.id }], displayName: '信息员乙某' });
    await makePerson({ roles: [{ role: 'SECRETARY', unitId: group.id }], homeUnitId: group.id, displayName: '组长乙某' });
    const res = await (await loginAs(sec.username)).get(`/units/${branch.code}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('测试党委乙');
    expect(res.text).toContain('书记乙某');
    expect(res.text).toContain('信息员乙某');
    expect(res.text).toContain('第一党小组乙（组长 组长乙某）');
    expect(res.text).toContain(`<title>${branch.name} - 党建信息平台</title>`);
  });
});

describe('/me', () => {
  it('shows the profile and roles', async () => {
    const unit = await makeUnit();
    const p = await makePerson({ roles: [{ role: 'INFO_OFFICER', unitId: unit.id }], homeUnitId: unit.id });
    const res = await (await loginAs(p.username)).get('/me');
    expect(res.text).toContain(p.username);
    expect(res.text).toContain(`信息员（${unit.name}）`);
  });

  it('refuses a weak or mismatched new password with Chinese messages beside the fields', async () => {
    const p = await makePerson();
    const agent = await loginAs(p.username);
    const token = await csrfOf(agent, '/me');
    const weak = await agent.post('/me/password').type('form').send({ _csrf: token, current: TEST_PASSWORD, next: 'abc', confirm: 'abc' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('密码至少 8 位');
    const mismatch = await agent
      .post('/me/password')
      .type('form')
      .send({ _csrf: token, current: TEST_PASSWORD, next: 'Strong#2026a', confirm: 'Strong#2026b' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('两次输入的新密码不一致');
    const badCurrent = await agent
      .post('/me/password')
      .type('form')
      .send({ _csrf: token, current: 'wrong', next: 'Strong#2026a', confirm: 'Strong#2026a' });
    expect(badCurrent.status).toBe(400);
    expect(badCurrent.text).toContain('当前密码不正确');
  });

  it('changes the password: the old one stops working, the new one works, and it is audited', async () => {
    const p = await makePerson();
    const agent = await loginAs(p.username);
    const token = await csrfOf(agent, '/me');
    const res = await agent
      .post('/me/password')
      .type('form')
      .send({ _csrf: token, current: TEST_PASSWORD, next: 'Strong#2026a', confirm: 'Strong#2026a' });
    expect(res.status).toBe(303);
    expect((await agent.get('/me')).text).toContain('密码已修改');
    await expect(loginAs(p.username)).rejects.toThrow();
    await expect(loginAs(p.username, 'Strong#2026a')).resolves.toBeDefined();
    expect(await testDb().auditLog.count({ where: { actorId: p.id, action: 'person.password_changed' } })).toBe(1);
  });

  it('sends a person who must set a password (a new account here) to /me until they do', async () => {
    const p = await makePerson({ mustChangePassword: true });
    const agent = await loginAs(p.username);
    const res = await agent.get('/units');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me?mustChange=1');
    expect((await agent.get('/me')).text).toContain('请设置您的密码');
    const token = await csrfOf(agent, '/me');
    await agent
      .post('/me/password')
      .type('form')
      .send({ _csrf: token, current: TEST_PASSWORD, next: 'Strong#2026a', confirm: 'Strong#2026a' });
    expect((await agent.get('/units')).status).toBe(200);
  });
});
