import { describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit } from '../helpers/factories.js';

async function adminAgent() {
  const agent = await loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
  return { agent, token: await csrfOf(agent, '/admin/units/new') };
}

describe('/admin/units', () => {
  it('is for administrators only', async () => {
    expect((await anonymous().get('/admin/units')).headers.location).toContain('/login');
    const unit = await makeUnit();
    const sec = await loginAs((await makePerson({ roles: [{ role: 'SECRETARY', unitId: unit.id }] })).username);
    expect((await sec.get('/admin/units')).status).toBe(403);
    const token = await csrfOf(sec, '/me');
    expect((await sec.post(`/admin/units/${unit.id}/archive`).type('form').send({ _csrf: token, archived: 'true' })).status).toBe(403);
    expect((await testDb().unit.findUniqueOrThrow({ where: { id: unit.id } })).archivedAt).toBeNull();
  });

  it('shows the tree with a fixed number of queries', async () => {
    const { agent } = await adminAgent();
    const committee = await makeUnit({ kind: 'COMMITTEE', name: '树形党委' });
    await makeUnit({ parentId: committee.id, name: '树形支部甲' });
    const small = await agent.get('/admin/units');
    expect(small.text).toContain('树形支部甲');
    for (let i = 0; i < 10; i++) await makeUnit({ parentId: committee.id });
    expect(sqlQueries(await coldGet(agent, '/admin/units'))).toBe(sqlQueries(small));
  });

  it('creates a branch under the committee and refuses bad codes, duplicates and wrong parents', async () => {
    const { agent, token } = await adminAgent();
    const committee = await makeUnit({ kind: 'COMMITTEE' });
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: (await makeUnit({ parentId: committee.id })).id });
    const code = `n${Date.now() % 1e6}`;
    const bad = await agent.post('/admin/units').type('form').send({
      _csrf: token,
      code: 'Bad Code',
      name: '新支部',
      kind: 'BRANCH',
      parentId: committee.id,
      location: '十堰',
      factory: '部件一厂',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('单位编号只能用小写字母');
    expect(bad.text).toContain('value="新支部"');
    const under = await agent
      .post('/admin/units')
      .type('form')
      .send({ _csrf: token, code, name: '新支部', kind: 'BRANCH', parentId: group.id, location: '十堰', factory: '部件一厂' });
    expect(under.status).toBe(400);
    expect(under.text).toContain('不能放在所选上级之下');
    const ok = await agent
      .post('/admin/units')
      .type('form')
      .send({ _csrf: token, code, name: '新支部', kind: 'BRANCH', parentId: committee.id, location: '襄阳', factory: '襄阳工厂' });
    expect(ok.status).toBe(303);
    expect(await testDb().unit.findUniqueOrThrow({ where: { code } })).toMatchObject({
      name: '新支部',
      parentId: committee.id,
      location: '襄阳',
    });
    const dup = await agent
      .post('/admin/units')
      .type('form')
      .send({ _csrf: token, code, name: '重复', kind: 'BRANCH', parentId: committee.id, location: '十堰', factory: '部件一厂' });
    expect(dup.text).toContain('该单位编号已存在');
  });

  it('renames and moves a unit, refusing a move under its own descendant', async () => {
    const { agent, token } = await adminAgent();
    const committee = await makeUnit({ kind: 'COMMITTEE' });
    const general = await makeUnit({ kind: 'GENERAL_BRANCH', parentId: committee.id });
    const branch = await makeUnit({ parentId: general.id });
    const cycle = await agent
      .post(`/admin/units/${general.id}`)
      .type('form')
      .send({ _csrf: token, name: general.name, kind: 'GENERAL_BRANCH', parentId: general.id, location: '十堰', factory: '部件一厂' });
    expect(cycle.status).toBe(400);
    const ok = await agent
      .post(`/admin/units/${branch.id}`)
      .type('form')
      .send({ _csrf: token, name: '改名后的支部', kind: 'BRANCH', parentId: committee.id, location: '十堰', factory: '部件二厂' });
    expect(ok.status).toBe(303);
    expect(await testDb().unit.findUniqueOrThrow({ where: { id: branch.id } })).toMatchObject({
      name: '改名后的支部',
      parentId: committee.id,
      factory: '部件二厂',
    });
  });

  it('archives a unit: its site stays readable and says so; unarchive brings it back', async () => {
    const { agent, token } = await adminAgent();
    const unit = await makeUnit();
    await agent.post(`/admin/units/${unit.id}/archive`).type('form').send({ _csrf: token, archived: 'true' });
    const site = await agent.get(`/units/${unit.code}`);
    expect(site.status).toBe(200);
    expect(site.text).toContain('本单位已归档');
    await agent.post(`/admin/units/${unit.id}/archive`).type('form').send({ _csrf: token, archived: 'false' });
    expect((await testDb().unit.findUniqueOrThrow({ where: { id: unit.id } })).archivedAt).toBeNull();
    expect((await agent.get('/admin/units/0')).status).toBe(404);
  });
});

describe('/admin/audit', () => {
  it('lists entries newest first, filtered by actor and action, and paged', async () => {
    const admin = await makePerson({ roles: [{ role: 'ADMIN' }] });
    const agent = await loginAs(admin.username);
    const token = await csrfOf(agent, '/admin/units/new');
    const unit = await makeUnit();
    await agent.post(`/admin/units/${unit.id}/archive`).type('form').send({ _csrf: token, archived: 'true' });
    const res = await agent.get(`/admin/audit?actor=${admin.username}&action=unit.`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`归档单位 ${unit.name}`);
    expect(res.text).not.toContain('登录：');
    const none = await agent.get(`/admin/audit?actor=nobody-at-all`);
    expect(none.text).toContain('没有符合条件的记录');
    const junk = await agent.get('/admin/audit?from=not-a-date&page=-3&entityType[a]=b');
    expect(junk.status).toBe(200);
  });

  it('has no route that changes the log', async () => {
    const agent = await loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
    const token = await csrfOf(agent, '/admin/units/new');
    expect((await agent.post('/admin/audit').type('form').send({ _csrf: token })).status).toBe(404);
  });
});
