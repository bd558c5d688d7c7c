import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit } from '../helpers/factories.js';
import { company, confirm, upload, workbook } from './workbooks.js';

const admin = async () => loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
const counts = (text: string) => [...text.matchAll(/<strong>(\d+)<\/strong>/g)].map((m) => Number(m[1])).slice(0, 6);

describe('/admin/import', () => {
  it('is for the administrator only', async () => {
    expect((await anonymous().get('/admin/import')).headers.location).toContain('/login');
    const office = await loginAs((await makePerson({ roles: [{ role: 'OFFICE' }] })).username);
    expect((await office.get('/admin/import')).status).toBe(403);
    expect((await office.get('/admin/import/export.xlsx')).status).toBe(403);
    const token = await csrfOf(office, '/me');
    const res = await office
      .post('/admin/import')
      .field('_csrf', token)
      .attach('file', await workbook({ people: [] }), 'a.xlsx');
    expect(res.status).toBe(403);
  });

  it('imports 300 people in three factories with a preview, and the same file again changes nothing', async () => {
    const agent = await admin();
    const { prefix, units, people } = company(300);
    const file = await workbook({ units, people });
    const up = await upload(agent, file);
    expect(up.status).toBe(303);
    const preview = await agent.get(up.headers.location);
    expect(preview.text).toContain('导入预览');
    expect(counts(preview.text)).toEqual([10, 0, 0, 300, 0, 0]);
    // nothing is written before the confirmation
    expect(await testDb().person.count({ where: { username: { startsWith: prefix } } })).toBe(0);
    const done = await confirm(agent, up.headers.location);
    expect(/flash-error[^<]*/.exec(done.text)?.[0] ?? '').toBe('');
    expect(done.status).toBe(303);
    expect((await agent.get('/admin/import')).text).toContain('导入完成：新建单位 10 个、修改 0 个；新建人员 300 人、修改 0 人');
    const made = await testDb().person.findMany({
      where: { username: { startsWith: prefix } },
      include: { homeUnit: true, grants: { include: { unit: true } } },
      orderBy: { username: 'asc' },
    });
    expect(made).toHaveLength(300);
    expect(new Set(made.map((p) => p.homeUnit!.factory))).toEqual(new Set(['部件一厂', '部件二厂', '襄阳工厂']));
    expect(made[0]).toMatchObject({ displayName: '员工0', partyStatus: 'MASSES', phone: '0719-8000000', mustChangePassword: false });
    expect(made[1].homeUnit!.kind).toBe('PARTY_GROUP');
    expect(made[1].partyJoinedOn?.toISOString().slice(0, 10)).toBe('2011-07-01');
    expect(made[0].grants.map((g) => [g.role, g.unit!.code]).sort()).toEqual([
      ['MEMBER', `${prefix}-b0`],
      ['SECRETARY', `${prefix}-b0`],
    ]);
    const entry = await testDb().auditLog.findFirstOrThrow({ where: { action: 'org.imported' }, orderBy: { id: 'desc' } });
    expect(entry.data).toMatchObject({ unitsCreate: 10, peopleCreate: 300 });

    // the same file again: every row unchanged, no confirm button, nothing written
    const generation = async () => (await testDb().dataGeneration.findFirstOrThrow()).n;
    const before = await generation();
    const second = await upload(agent, file);
    expect(second.status).toBe(200);
    expect(counts(second.text)).toEqual([0, 0, 10, 0, 0, 300]);
    expect(second.text).toContain('没有需要导入的变更');
    expect(second.text).not.toContain('确认导入');
    expect(await generation()).toBe(before);
  });

  it('shows each change as old → new, and a second confirmation of the same preview is refused', async () => {
    const agent = await admin();
    const { prefix, units, people } = company(6);
    await confirm(agent, (await upload(agent, await workbook({ units, people }))).headers.location);
    people[3][1] = '改名后';
    people[3][6] = '组织委员、党员';
    const up = await upload(agent, await workbook({ units, people }));
    const preview = await agent.get(up.headers.location);
    expect(counts(preview.text)).toEqual([0, 0, 10, 0, 1, 5]);
    expect(preview.text).toContain('姓名：员工3 → 改名后');
    expect(preview.text).toMatch(/职务\/角色：信息员（[^）]+）、党员（[^）]+） → 党员（[^）]+）、组织委员/);
    expect((await confirm(agent, up.headers.location)).status).toBe(303);
    const p = await testDb().person.findUniqueOrThrow({ where: { username: `${prefix}0003` }, include: { grants: true } });
    expect(p.displayName).toBe('改名后');
    expect(p.grants.map((g) => g.role).sort()).toEqual(['MEMBER', 'ORG_MEMBER']);
    const token = await csrfOf(agent, '/admin/import');
    const twice = await agent.post(`${up.headers.location}/apply`).type('form').send({ _csrf: token });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain('这次导入已经执行过了');
  });

  it('round-trips: the export imports back unchanged', async () => {
    const agent = await admin();
    // what the organisation already holds is not the file's doing: a branch without a parent, people in an archived unit
    const orphan = await makeUnit({ name: '无上级的测试支部' });
    const closed = await makeUnit({ name: '已归档的测试支部', archived: true });
    await makePerson({ partyStatus: 'FULL', homeUnitId: closed.id, displayName: '留在归档支部的人' });
    expect(orphan.parentId).toBeNull();
    const { units, people } = company(30);
    await confirm(agent, (await upload(agent, await workbook({ units, people }))).headers.location);
    const exported = await agent
      .get('/admin/import/export.xlsx')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填写说明', '人员', '单位与党小组']);
    const preview = await upload(agent, exported.body as Buffer);
    expect(preview.status).toBe(200);
    const [uc, uch, , pc, pch] = counts(preview.text);
    expect([uc, uch, pc, pch]).toEqual([0, 0, 0, 0]);
    expect(preview.text).toContain('没有需要导入的变更');
  });

  it('lists every row error in Chinese with its row number and writes nothing', async () => {
    const agent = await admin();
    const { prefix, units, people } = company(3);
    const unit = await makeUnit();
    const rows = [
      [`${prefix}a1`, '甲', '没有这个单位', '', '群众', '', '', '', ''],
      [`${prefix}a2`, '乙', unit.code, '', '正式党员', '2019-13-45', '', '', ''],
      [`${prefix}a2`, '丙', unit.code, '', '群众', '', '', '', ''],
      [`${prefix}a3`, '丁', '', '', '群众', '', '信息员', '', ''],
      [`${prefix}a4`, '戊', '', '', '群众', '', '网站管理员', '', ''],
      [`${prefix}a5`, '', unit.code, '', '党棍', '', '', '', ''],
    ];
    const res = await upload(agent, await workbook({ units, people: [...people, ...rows] }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('没有写入任何数据');
    for (const [row, message] of [
      [5, '单位「没有这个单位」不存在'],
      [6, '入党日期「2019-13-45」不是有效日期'],
      [7, `工号 ${prefix}a2 在文件中重复（另见第 6 行）`],
      [8, '角色「信息员」须指定单位'],
      [9, '网站管理员角色不能通过导入授予'],
      [10, '姓名未填写'],
      [10, '政治面貌「党棍」无法识别'],
    ] as const) {
      expect(res.text).toMatch(new RegExp(`第 ${row} 行</td><td>${message.replace(/[()（）|]/g, '.')}`));
    }
    expect(res.text).not.toContain('确认导入');
    expect(await testDb().person.count({ where: { username: { startsWith: prefix } } })).toBe(0);
    expect(await testDb().unit.count({ where: { code: { startsWith: prefix } } })).toBe(0);
  });

  it('checks the units sheet: parents that do not exist, a kind under the wrong parent, a loop in the tree', async () => {
    const agent = await admin();
    const { prefix, units } = company(0);
    const rows = [
      [`${prefix}-x1`, '无上级支部', '党支部', `${prefix}-none`, '十堰', '部件一厂', 1],
      [`${prefix}-x2`, '错位党委', '党委', `${prefix}-c`, '十堰', '部件一厂', 1],
      [`${prefix}-x3`, '甲小组', '党小组', `${prefix}-x4`, '十堰', '部件一厂', 1],
      [`${prefix}-x4`, '乙小组', '党小组', `${prefix}-x3`, '十堰', '部件一厂', 1],
      ['Bad Code', '坏编号', '党支部', `${prefix}-c`, '十堰', '部件一厂', 1],
    ];
    const res = await upload(agent, await workbook({ units: [...units, ...rows] }));
    expect(res.status).toBe(400);
    expect(res.text).toContain(`上级单位编号 ${prefix}-none 不存在`);
    expect(res.text).toContain('党委不能放在党委之下');
    expect(res.text).toContain('党小组不能放在党小组之下');
    expect(res.text).toContain('会使组织树成环');
    expect(res.text).toContain('单位编号「Bad Code」只能用小写字母');
    expect(await testDb().unit.count({ where: { code: { startsWith: prefix } } })).toBe(0);
  });
});
