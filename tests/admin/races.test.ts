import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loginAs, postConcurrently, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit } from '../helpers/factories.js';

// An administrator's form sent five times at the same instant (a double click, a slow page clicked again): one
// save is made and audited, the others are shown the form's own "already exists" message, never a 500. Several
// keys in a row, so that a race won by chance in one of them still shows in another.
const ROUNDS = 6;
const COPIES = 5;
const uid = () => randomBytes(3).toString('hex');

async function adminAgent() {
  return loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
}

async function sendTogether(agent: Agent, url: string, body: Record<string, unknown>, tokenPage: string, message: string) {
  const answers = await postConcurrently(
    agent,
    url,
    Array.from({ length: COPIES }, () => body),
    tokenPage,
  );
  expect(answers.map((r) => r.status).sort(), url).toEqual([303, ...Array.from({ length: COPIES - 1 }, () => 400)]);
  for (const refused of answers.filter((r) => r.status === 400)) expect(refused.text).toContain(message);
}

describe('the same administrator form sent several times at once', () => {
  it('creates one unit', async () => {
    const agent = await adminAgent();
    const committee = await makeUnit({ kind: 'COMMITTEE' });
    for (let round = 0; round < ROUNDS; round++) {
      const code = `r${uid()}`;
      await sendTogether(
        agent,
        '/admin/units',
        { code, name: '新支部', kind: 'BRANCH', parentId: committee.id, location: '十堰', factory: '部件一厂' },
        '/admin/units/new',
        '该单位编号已存在',
      );
      const units = await testDb().unit.findMany({ where: { code } });
      expect(units).toHaveLength(1);
      expect(await testDb().auditLog.count({ where: { action: 'unit.created', entityId: String(units[0].id) } })).toBe(1);
    }
  });

  it('creates one account', async () => {
    const agent = await adminAgent();
    for (let round = 0; round < ROUNDS; round++) {
      const username = `r${uid()}`;
      await sendTogether(
        agent,
        '/admin/users',
        { username, displayName: '新同事', partyStatus: 'MASSES' },
        '/admin/users/new',
        '该工号已存在',
      );
      expect(await testDb().person.count({ where: { username } })).toBe(1);
      expect(await testDb().auditLog.count({ where: { action: 'person.created', summary: { contains: username } } })).toBe(1);
    }
  });

  it('grants a unit role once', async () => {
    const agent = await adminAgent();
    const unit = await makeUnit();
    for (let round = 0; round < ROUNDS; round++) {
      const p = await makePerson();
      await sendTogether(
        agent,
        `/admin/users/${p.id}/roles`,
        { role: 'SECRETARY', unitId: String(unit.id) },
        '/admin/users/new',
        '该人员已有此角色',
      );
      expect(await testDb().roleGrant.count({ where: { personId: p.id, role: 'SECRETARY', unitId: unit.id } })).toBe(1);
      expect(await testDb().auditLog.count({ where: { action: 'role.granted', data: { path: ['personId'], equals: p.id } } })).toBe(1);
    }
  });

  it('adds one module to a template', async () => {
    const agent = await adminAgent();
    // a template of its own, used by no kind of unit: the shared catalogue and every site stay as they were
    const template = await testDb().siteTemplate.create({ data: { key: `race-${uid()}`, name: '并发测试模板', unitKinds: [] } });
    for (let round = 0; round < ROUNDS; round++) {
      const key = `race-${uid()}`;
      await sendTogether(
        agent,
        `/admin/catalogue/${template.id}/modules`,
        { key, title: '志愿服务', description: '党员志愿服务活动', section: 'REVIEW', cadence: 'QUARTERLY', kind: 'PAGE' },
        '/admin/catalogue',
        '该模板中已有相同标识的模块',
      );
      const modules = await testDb().moduleDef.findMany({ where: { templateId: template.id, key } });
      expect(modules).toHaveLength(1);
      expect(await testDb().auditLog.count({ where: { action: 'catalogue.module_added', entityId: String(modules[0].id) } })).toBe(1);
    }
  });
});

describe('a company-wide role granted several times at once', () => {
  it('is granted once (its unit is empty, which a plain unique key lets through twice)', async () => {
    const agent = await adminAgent();
    for (let round = 0; round < ROUNDS; round++) {
      const p = await makePerson();
      await sendTogether(
        agent,
        `/admin/users/${p.id}/roles`,
        { role: round % 2 ? 'ADMIN' : 'OFFICE' },
        '/admin/users/new',
        '该人员已有此角色',
      );
      expect(await testDb().roleGrant.count({ where: { personId: p.id } })).toBe(1);
      expect(await testDb().auditLog.count({ where: { action: 'role.granted', data: { path: ['personId'], equals: p.id } } })).toBe(1);
    }
  });
});
