import { afterEach, describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit } from '../helpers/factories.js';

// These tests change the shared catalogue of this worker's database: each puts back what it changed.
const created: number[] = [];
afterEach(async () => {
  const db = testDb();
  if (created.length) await db.moduleDef.deleteMany({ where: { id: { in: created.splice(0) } } });
});

async function admin() {
  return loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
}
const branchTemplate = () => testDb().siteTemplate.findUniqueOrThrow({ where: { key: 'branch' } });

describe('/admin/catalogue', () => {
  it('is for administrators only', async () => {
    expect((await anonymous().get('/admin/catalogue')).headers.location).toContain('/login');
    for (const roles of [[], [{ role: 'OFFICE' as const }]]) {
      const agent = await loginAs((await makePerson({ roles })).username);
      expect((await agent.get('/admin/catalogue')).status).toBe(403);
    }
    const unit = await makeUnit();
    const sec = await loginAs((await makePerson({ roles: [{ role: 'SECRETARY', unitId: unit.id }] })).username);
    const t = await branchTemplate();
    const token = await csrfOf(sec, '/me');
    const res = await sec
      .post(`/admin/catalogue/${t.id}/modules`)
      .type('form')
      .send({ _csrf: token, key: 'x-new', title: '新模块', description: '说明', section: 'REVIEW', cadence: 'MONTHLY', kind: 'PAGE' });
    expect(res.status).toBe(403);
  });

  it('lists both templates by section', async () => {
    const res = await (await admin()).get('/admin/catalogue');
    expect(res.status).toBe(200);
    expect(res.text).toContain('党委网站（18 个模块在用）');
    expect(res.text).toContain('党支部网站（23 个模块在用）');
  });

  it('adds a module that every branch site shows at once, and refuses bad input with the values kept', async () => {
    const agent = await admin();
    const t = await branchTemplate();
    const token = await csrfOf(agent, '/admin/catalogue');
    const bad = await agent
      .post(`/admin/catalogue/${t.id}/modules`)
      .type('form')
      .send({ _csrf: token, key: 'Bad Key', title: '志愿服务', description: '', section: 'REVIEW', cadence: 'MONTHLY', kind: 'RECORDS' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('模块标识只能用小写字母');
    expect(bad.text).toContain('请填写说明');
    expect(bad.text).toContain('记录类模块须选择记录类型');
    expect(bad.text).toContain('value="志愿服务"');
    const dup = await agent
      .post(`/admin/catalogue/${t.id}/modules`)
      .type('form')
      .send({ _csrf: token, key: 'meetings', title: '重复', description: '说明', section: 'REVIEW', cadence: 'MONTHLY', kind: 'PAGE' });
    expect(dup.status).toBe(400);
    expect(dup.text).toContain('已有相同标识');

    const ok = await agent.post(`/admin/catalogue/${t.id}/modules`).type('form').send({
      _csrf: token,
      key: 'volunteer',
      title: '志愿服务',
      description: '党员志愿服务活动',
      section: 'REVIEW',
      cadence: 'QUARTERLY',
      kind: 'PAGE',
    });
    expect(ok.status).toBe(303);
    const m = await testDb().moduleDef.findFirstOrThrow({ where: { templateId: t.id, key: 'volunteer' } });
    created.push(m.id);
    const branch = await makeUnit();
    const site = await agent.get(`/units/${branch.code}`);
    expect(site.text).toContain('志愿服务');
    expect(await testDb().auditLog.count({ where: { action: 'catalogue.module_added', entityId: String(m.id) } })).toBe(1);
  });

  it('renames, moves to another section, changes cadence, reorders, retires and restores', async () => {
    const db = testDb();
    const agent = await admin();
    const t = await branchTemplate();
    const token = await csrfOf(agent, '/admin/catalogue');
    await agent
      .post(`/admin/catalogue/${t.id}/modules`)
      .type('form')
      .send({ _csrf: token, key: 'tmp-a', title: '临时甲', description: '说明', section: 'FOUNDATION', cadence: 'MONTHLY', kind: 'PAGE' });
    await agent
      .post(`/admin/catalogue/${t.id}/modules`)
      .type('form')
      .send({ _csrf: token, key: 'tmp-b', title: '临时乙', description: '说明', section: 'FOUNDATION', cadence: 'MONTHLY', kind: 'PAGE' });
    const a = await db.moduleDef.findFirstOrThrow({ where: { templateId: t.id, key: 'tmp-a' } });
    const b = await db.moduleDef.findFirstOrThrow({ where: { templateId: t.id, key: 'tmp-b' } });
    created.push(a.id, b.id);

    expect((await agent.post(`/admin/catalogue/modules/${b.id}/move`).type('form').send({ _csrf: token, direction: 'up' })).status).toBe(
      303,
    );
    const [a2, b2] = await Promise.all([
      db.moduleDef.findUniqueOrThrow({ where: { id: a.id } }),
      db.moduleDef.findUniqueOrThrow({ where: { id: b.id } }),
    ]);
    expect(b2.sortOrder).toBeLessThan(a2.sortOrder);

    const invalid = await agent
      .post(`/admin/catalogue/modules/${a.id}`)
      .type('form')
      .send({ _csrf: token, title: '', description: '说明', section: 'REVIEW', cadence: 'YEARLY' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('请填写模块名称');
    await agent
      .post(`/admin/catalogue/modules/${a.id}`)
      .type('form')
      .send({ _csrf: token, title: '临时甲（改）', description: '新说明', section: 'REVIEW', cadence: 'YEARLY' });
    expect(await db.moduleDef.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
      title: '临时甲（改）',
      section: 'REVIEW',
      cadence: 'YEARLY',
    });

    const branch = await makeUnit();
    await agent.post(`/admin/catalogue/modules/${a.id}/retire`).type('form').send({ _csrf: token, retired: 'true' });
    expect((await agent.get(`/units/${branch.code}`)).text).not.toContain('>临时甲（改）</a>');
    await agent.post(`/admin/catalogue/modules/${a.id}/retire`).type('form').send({ _csrf: token, retired: 'false' });
    expect((await agent.get(`/units/${branch.code}`)).text).toContain('>临时甲（改）</a>');
  });

  it('answers 404 for an unknown module or template', async () => {
    const agent = await admin();
    expect((await agent.get('/admin/catalogue/modules/999999/edit')).status).toBe(404);
    expect((await agent.get('/admin/catalogue/modules/abc/edit')).status).toBe(404);
  });
});
