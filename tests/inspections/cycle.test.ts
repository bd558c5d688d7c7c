import { describe, expect, it } from 'vitest';
import { anonymous, loginAs, postForm } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

const today = () => new Date().toISOString().slice(0, 10);

async function startInspection(office: Awaited<ReturnType<typeof loginAs>>, unitCode: string) {
  const res = await postForm(
    office,
    '/inspections',
    { unit: unitCode, visitDate: today(), inspectors: '党务室 王敏', scope: '三会一课、党费收缴', notes: '问：党小组会为何两月未开？' },
    '/inspections/new',
  );
  expect(res.status).toBe(303);
  return res.headers.location as string;
}

describe('online inspection, from finding to verified close', () => {
  it('runs the whole cycle: office records a finding, the secretary answers it stage by stage, the office verifies and closes', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const inspectionUrl = await startInspection(office, w.branch.code);
    expect(inspectionUrl).toMatch(/^\/inspections\/\d+$/);

    const bad = await postForm(office, `${inspectionUrl}/findings`, { text: '', severity: 'MAJOR', dueDate: '2026-13-45' }, inspectionUrl);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('请填写问题描述');
    expect(bad.text).toContain('整改期限不是有效日期');
    const impossible = await postForm(
      office,
      `${inspectionUrl}/findings`,
      { text: '党小组会记录不全', severity: 'MAJOR', dueDate: '2026-02-30' },
      inspectionUrl,
    );
    expect(impossible.status).toBe(400);
    expect(impossible.text).toContain('整改期限不是有效日期');

    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(
      (await postForm(office, `${inspectionUrl}/findings`, { text: '党小组会记录不全', severity: 'MAJOR', dueDate: due }, inspectionUrl))
        .status,
    ).toBe(303);
    const item = await testDb().countermeasure.findFirstOrThrow({ where: { unitId: w.branch.id, source: 'FINDING' } });
    expect(item.stage).toBe('PLAN');

    // the branch's 问题整改 module lists it, for every logged-in reader
    const list = await (await loginAs(w.member.username)).get(`/units/${w.branch.code}/modules/rectification`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('党小组会记录不全');
    expect(list.text).toContain('网上检查');

    const itemUrl = `/units/${w.branch.code}/pdca/${item.id}`;
    // only the branch's own secretary answers; the office does not close before the act stage is reached by the branch
    const otherSecretary = await loginAs(w.otherSecretary.username);
    expect((await postForm(otherSecretary, `${itemUrl}/advance`, { answer: '代答' })).status).toBe(403);
    const member = await loginAs(w.member.username);
    expect((await postForm(member, `${itemUrl}/advance`, { answer: '代答' })).status).toBe(403);
    expect((await postForm(member, `${itemUrl}/close`, { note: '关' })).status).toBe(403);

    const secretary = await loginAs(w.secretary.username);
    const missing = await postForm(secretary, `${itemUrl}/advance`, { stage: 'PLAN', answer: '开始整改', cause: '', action: '' }, itemUrl);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('进入实施前请填写原因分析');
    expect(missing.text).toContain('开始整改');

    const steps = [
      { stage: 'PLAN', answer: '已制定整改计划', cause: '党小组长调岗，未及时交接', action: '补记录，明确新组长', ownerName: '李强' },
      { stage: 'DO', answer: '已补齐三个月记录' },
      { stage: 'CHECK', answer: '经检查记录完整，形成长效机制' },
    ];
    for (const s of steps) expect((await postForm(secretary, `${itemUrl}/advance`, s, itemUrl)).status).toBe(303);
    expect((await testDb().countermeasure.findUniqueOrThrow({ where: { id: item.id } })).stage).toBe('ACT');
    const waiting = await postForm(secretary, `${itemUrl}/advance`, { stage: 'ACT', answer: '再推一步' }, itemUrl);
    expect(waiting.status).toBe(400);
    expect(waiting.text).toContain('等待党务室核实关闭');
    expect((await postForm(secretary, `${itemUrl}/close`, { note: '自己关' }, itemUrl)).status).toBe(403);

    // the office reads the answers, sends it back once, then verifies and closes
    const show = await office.get(itemUrl);
    expect(show.text).toContain('经检查记录完整，形成长效机制');
    expect((await postForm(office, `${itemUrl}/reopen`, { note: '请附上补记的会议记录' }, itemUrl)).status).toBe(303);
    expect((await testDb().countermeasure.findUniqueOrThrow({ where: { id: item.id } })).stage).toBe('DO');
    await postForm(secretary, `${itemUrl}/advance`, { stage: 'DO', answer: '已上传会议记录' }, itemUrl);
    await postForm(secretary, `${itemUrl}/advance`, { stage: 'CHECK', answer: '复核无误' }, itemUrl);
    expect((await postForm(office, `${itemUrl}/close`, { note: '核实通过' }, itemUrl)).status).toBe(303);
    const closed = await testDb().countermeasure.findUniqueOrThrow({ where: { id: item.id }, include: { steps: true } });
    expect(closed.stage).toBe('CLOSED');
    expect(closed.closedById).toBe(w.office.id);
    expect(closed.steps.map((s) => s.toStage)).toEqual(['PLAN', 'DO', 'CHECK', 'ACT', 'DO', 'CHECK', 'ACT', 'CLOSED']);
    const audit = await testDb().auditLog.findMany({ where: { unitId: w.branch.id }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['inspection.finding_recorded', 'pdca.advanced', 'pdca.reopened', 'pdca.closed']),
    );
  });

  it('is started and seen only by the office and administrators', async () => {
    const w = await makeBranchWorld();
    expect((await anonymous().get('/inspections')).status).toBe(303);
    for (const p of [w.secretary, w.member]) {
      const a = await loginAs(p.username);
      expect((await a.get('/inspections')).status).toBe(403);
      expect((await a.get('/inspections/new')).status).toBe(403);
      expect((await postForm(a, '/inspections', { unit: w.branch.code, visitDate: today(), inspectors: 'x', scope: 'y' })).status).toBe(
        403,
      );
      expect((await a.get(`/units/${w.branch.code}/visit-sheet`)).status).toBe(403);
    }
    const admin = await loginAs(w.admin.username);
    const refused = await postForm(
      admin,
      '/inspections',
      { unit: 'nope', visitDate: today(), inspectors: '王敏', scope: '全面' },
      '/inspections/new',
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('请选择一个有效的支部');
    expect(refused.text).toContain('王敏');
    const url = await startInspection(admin, w.branch.code);
    const list = await admin.get(`/inspections?unit=${w.branch.code}&status=OPEN`);
    expect(list.text).toContain(w.branch.name);
    expect((await admin.get(url)).text).toContain('三会一课、党费收缴');
  });

  it('prints a visit sheet with the open countermeasures, empty modules and the office’s questions', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const now = new Date();
    const last = now.getUTCMonth() === 0 ? { year: now.getUTCFullYear() - 1, n: 12 } : { year: now.getUTCFullYear(), n: now.getUTCMonth() };
    const t = await testDb().target.create({
      data: {
        unitId: w.branch.id,
        year: last.year,
        kind: 'MUST',
        title: '党费足额收缴率',
        measure: '足额 ÷ 应交',
        uom: '%',
        direction: 'HIGHER',
        targetValue: 100,
        period: 'MONTHLY',
      },
    });
    await testDb().measurement.create({ data: { targetId: t.id, period: last.n, actual: 70, reportedById: w.secretary.id } });
    const url = await startInspection(office, w.branch.code);
    await postForm(office, `${url}/findings`, { text: '党费收缴台账缺三月', severity: 'MINOR', dueDate: '2020-01-01' }, url);
    const sheet = await office.get(`/units/${w.branch.code}/visit-sheet`);
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain('走访单');
    expect(sheet.text).toContain('党费收缴台账缺三月');
    expect(sheet.text).toContain('逾期');
    expect(sheet.text).toContain('问：党小组会为何两月未开？');
    expect(sheet.text).toMatch(/空白模块（\d+）/);
    if (last.year === now.getUTCFullYear()) {
      expect(sheet.text).toContain(`党费足额收缴率：${last.n}月 70%，未达成`);
      const review = await office.get('/review');
      const row = review.text.slice(review.text.indexOf(w.branch.name));
      expect(row.slice(0, row.indexOf('</tr>'))).toContain(`<a class="bad" href="/units/${w.branch.code}/board">1</a>`);
    }
  });
});
