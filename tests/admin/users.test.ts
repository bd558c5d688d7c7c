import { describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit, TEST_PASSWORD } from '../helpers/factories.js';

async function adminAgent() {
  const admin = await makePerson({ roles: [{ role: 'ADMIN' }] });
  const agent = await loginAs(admin.username);
  return { admin, agent, token: await csrfOf(agent, '/admin/users/new') };
}

describe('/admin/users: who may', () => {
  it('sends anonymous visitors to login and refuses everyone but administrators', async () => {
    expect((await anonymous().get('/admin/users')).headers.location).toContain('/login');
    const unit = await makeUnit();
    for (const roles of [[], [{ role: 'OFFICE' as const }], [{ role: 'SECRETARY' as const, unitId: unit.id }]]) {
      const agent = await loginAs((await makePerson({ roles })).username);
      expect((await agent.get('/admin/users')).status).toBe(403);
      const token = await csrfOf(agent, '/me');
      expect(
        (await agent.post('/admin/users').type('form').send({ _csrf: token, username: 'x1', displayName: '某', partyStatus: 'MASSES' }))
          .status,
      ).toBe(403);
    }
  });

  it('lets the office read the audit log but not manage accounts', async () => {
    const agent = await loginAs((await makePerson({ roles: [{ role: 'OFFICE' }] })).username);
    expect((await agent.get('/admin')).status).toBe(200);
    expect((await agent.get('/admin/audit')).status).toBe(200);
    expect((await agent.get('/admin/units')).status).toBe(403);
  });
});

describe('/admin/users: accounts', () => {
  it('lists units in the organisation’s order: each branch followed by its party groups, then the next branch', async () => {
    const { agent } = await adminAgent();
    const committee = await makeUnit({ kind: 'COMMITTEE', name: '排序测试党委' });
    const first = await makeUnit({ parentId: committee.id, name: '排序测试甲支部', sortOrder: 1 });
    const second = await makeUnit({ parentId: committee.id, name: '排序测试乙支部', sortOrder: 2 });
    await makeUnit({ kind: 'PARTY_GROUP', parentId: first.id, name: '排序测试甲支部第一党小组', sortOrder: 5 });
    expect(second.id).toBeGreaterThan(first.id);
    const html = (await agent.get('/admin/users/new')).text;
    const at = (name: string) => html.indexOf(`>${name}</option>`);
    expect(at('排序测试党委')).toBeGreaterThan(-1);
    expect(at('排序测试党委')).toBeLessThan(at('排序测试甲支部'));
    expect(at('排序测试甲支部')).toBeLessThan(at('排序测试甲支部第一党小组'));
    expect(at('排序测试甲支部第一党小组')).toBeLessThan(at('排序测试乙支部'));
  });

  it('searches, filters by unit and pages with a fixed number of queries', async () => {
    const { agent } = await adminAgent();
    const unit = await makeUnit();
    await makePerson({ homeUnitId: unit.id, displayName: '检索目标甲' });
    const found = await agent.get(`/admin/users?q=${encodeURIComponent('检索目标')}`);
    expect(found.text).toContain('检索目标甲');
    const byUnit = await agent.get(`/admin/users?unit=${unit.id}`);
    expect(byUnit.text).toContain('检索目标甲');
    const small = sqlQueries(await coldGet(agent, `/admin/users?unit=${unit.id}`));
    for (let i = 0; i < 25; i++) await makePerson({ homeUnitId: unit.id, roles: [{ role: 'MEMBER', unitId: unit.id }] });
    const large = await coldGet(agent, `/admin/users?unit=${unit.id}`);
    expect(sqlQueries(large)).toBe(small);
    expect(large.text).toContain('第 1 / 2 页，共 26 条');
  });

  it('creates an account with a generated temporary password shown once, which must be changed', async () => {
    const { agent, token } = await adminAgent();
    const unit = await makeUnit();
    const username = `n${Date.now() % 1e6}`;
    const res = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: token, username, displayName: '新同事', partyStatus: 'FULL', homeUnitId: String(unit.id), title: '技术员' });
    expect(res.status).toBe(303);
    const page = await agent.get(res.headers.location);
    const temp = /临时密码：(\S+?)（/.exec(page.text)?.[1];
    expect(temp).toBeDefined();
    const created = await testDb().person.findUniqueOrThrow({ where: { username } });
    expect(created).toMatchObject({ displayName: '新同事', homeUnitId: unit.id, mustChangePassword: true });
    const newcomer = await loginAs(username, temp);
    expect((await newcomer.get('/units')).headers.location).toBe('/me?mustChange=1');
    const me = (await newcomer.get('/me')).text;
    expect(me).toContain('请设置您的密码');
    expect(me).not.toContain('已被管理员重置');
  });

  it('refuses a duplicate username, a weak password and a missing name, keeping what was typed', async () => {
    const { agent, token } = await adminAgent();
    const existing = await makePerson();
    const dup = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: token, username: existing.username, displayName: '重复', partyStatus: 'MASSES' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('该工号已存在');
    expect(dup.text).toContain('value="重复"');
    const weak = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: token, username: 'weak1', displayName: '弱密码', partyStatus: 'MASSES', password: 'abc' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('密码至少 8 位');
    const missing = await agent
      .post('/admin/users')
      .type('form')
      .send({ _csrf: token, username: 'nm1', displayName: '', partyStatus: 'BOGUS' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('请填写姓名');
    expect(await testDb().person.count({ where: { username: { in: ['weak1', 'nm1'] } } })).toBe(0);
  });

  it('edits the profile and answers 404 for an unknown account', async () => {
    const { agent, token } = await adminAgent();
    const p = await makePerson();
    const res = await agent
      .post(`/admin/users/${p.id}`)
      .type('form')
      .send({ _csrf: token, displayName: '改后的名字', partyStatus: 'ACTIVIST' });
    expect(res.status).toBe(303);
    expect(await testDb().person.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      displayName: '改后的名字',
      partyStatus: 'ACTIVIST',
    });
    expect((await agent.get('/admin/users/99999999')).status).toBe(404);
    expect((await agent.get('/admin/users/x')).status).toBe(404);
  });

  it('deactivation ends the person’s sessions at once; an admin cannot deactivate themself', async () => {
    const { admin, agent, token } = await adminAgent();
    const p = await makePerson();
    const theirs = await loginAs(p.username);
    expect((await theirs.get('/me')).status).toBe(200);
    await agent.post(`/admin/users/${p.id}/active`).type('form').send({ _csrf: token, active: 'false' });
    const after = await theirs.get('/me');
    expect(after.status).toBe(303);
    expect(after.headers.location).toContain('/login');
    await expect(loginAs(p.username)).rejects.toThrow();
    const self = await agent.post(`/admin/users/${admin.id}/active`).type('form').send({ _csrf: token, active: 'false' });
    expect(self.status).toBe(400);
    expect(self.text).toContain('不能停用自己的账号');
  });

  it('refuses a company-wide role given with a unit, saying why, and grants nothing', async () => {
    const { agent, token } = await adminAgent();
    const p = await makePerson();
    const unit = await makeUnit();
    for (const [role, label] of [
      ['OFFICE', '党务室'],
      ['ADMIN', '网站管理员'],
    ]) {
      const res = await agent
        .post(`/admin/users/${p.id}/roles`)
        .type('form')
        .send({ _csrf: token, role, unitId: String(unit.id) });
      expect(res.status).toBe(400);
      expect(res.text).toContain(`${label}是全公司的角色，不能指定单位`);
    }
    expect(await testDb().roleGrant.count({ where: { personId: p.id } })).toBe(0);
    expect(await testDb().auditLog.count({ where: { action: 'role.granted', data: { path: ['personId'], equals: p.id } } })).toBe(0);
  });

  it('grants and revokes unit roles; the change takes effect and ends the old session', async () => {
    const { agent, token } = await adminAgent();
    const p = await makePerson();
    const before = await loginAs(p.username);
    const missingUnit = await agent.post(`/admin/users/${p.id}/roles`).type('form').send({ _csrf: token, role: 'SECRETARY', unitId: '' });
    expect(missingUnit.status).toBe(400);
    expect(missingUnit.text).toContain('该角色须指定单位');
    expect((await agent.post(`/admin/users/${p.id}/roles`).type('form').send({ _csrf: token, role: 'OFFICE' })).status).toBe(303);
    expect((await before.get('/me')).headers.location).toContain('/login'); // old session ended
    const office = await loginAs(p.username);
    expect((await office.get('/admin/audit')).status).toBe(200);
    const grant = await testDb().roleGrant.findFirstOrThrow({ where: { personId: p.id, role: 'OFFICE' } });
    await agent.post(`/admin/users/${p.id}/roles/${grant.id}/revoke`).type('form').send({ _csrf: token });
    const again = await loginAs(p.username);
    expect((await again.get('/admin/audit')).status).toBe(403);
    expect(
      await testDb().auditLog.count({
        where: { action: { in: ['role.granted', 'role.revoked'] }, data: { path: ['personId'], equals: p.id } },
      }),
    ).toBe(2);
  });

  it('resets a password (temporary, must change) and unlocks a throttled account', async () => {
    const { agent, token } = await adminAgent();
    const p = await makePerson();
    const visitor = anonymous();
    const t = await csrfOf(visitor);
    for (let i = 0; i < 5; i++) await visitor.post('/login').type('form').send({ _csrf: t, username: p.username, password: 'wrong' });
    expect((await visitor.post('/login').type('form').send({ _csrf: t, username: p.username, password: TEST_PASSWORD })).status).toBe(429);
    const page = await agent.get(`/admin/users/${p.id}`);
    expect(page.text).toContain('登录已锁定');
    await agent.post(`/admin/users/${p.id}/unlock`).type('form').send({ _csrf: token });
    expect((await visitor.post('/login').type('form').send({ _csrf: t, username: p.username, password: TEST_PASSWORD })).status).toBe(303);

    const reset = await agent.post(`/admin/users/${p.id}/password`).type('form').send({ _csrf: token });
    const temp = /临时密码：(\S+?)（/.exec((await agent.get(reset.headers.location)).text)?.[1];
    expect(temp).toBeDefined();
    await expect(loginAs(p.username)).rejects.toThrow();
    const fresh = await loginAs(p.username, temp);
    expect((await fresh.get('/')).headers.location).toBe('/me?mustChange=1');
    expect((await fresh.get('/me')).text).toContain('您的密码已被管理员重置');
  });

  it("calls a party group's leader 党小组组长, not 支部书记, in the account's roles and on their own page", async () => {
    const { agent } = await adminAgent();
    const branch = await makeUnit();
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: branch.id, name: `${branch.name}第一党小组` });
    const leader = await makePerson({ roles: [{ role: 'SECRETARY', unitId: group.id }], homeUnitId: group.id });
    for (const page of [(await agent.get(`/admin/users/${leader.id}`)).text, (await (await loginAs(leader.username)).get('/me')).text]) {
      expect(page).toContain(`党小组组长（${group.name}）`);
      expect(page).not.toContain(`支部书记（${group.name}）`);
    }
  });
});
