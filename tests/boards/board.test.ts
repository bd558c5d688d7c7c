import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { standOnReportingDay } from './clock.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import { anonymous, loginAs, postForm, coldGet, sqlQueries } from '../helpers/app.js';
import { lastRequestStatements } from '../../src/db/query-counter.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

const year = new Date().getUTCFullYear();

async function makeTarget(unitId: number, over: Partial<Prisma.TargetUncheckedCreateInput> = {}) {
  return testDb().target.create({
    data: {
      unitId,
      year,
      kind: 'MUST',
      title: '三会一课按期召开率',
      measure: '按期召开 ÷ 应召开',
      uom: '%',
      direction: 'HIGHER',
      targetValue: 100,
      period: 'MONTHLY',
      ...over,
    },
  });
}

const targetForm = {
  year,
  kind: 'MUST',
  title: '党费按月足额收缴率',
  measure: '足额交纳 ÷ 应交',
  uom: '%',
  direction: 'HIGHER',
  targetValue: '100',
  period: 'MONTHLY',
};

describe('the policy-management board', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is open to every logged-in employee, and its targets are set only by the unit’s secretary', async () => {
    const w = await makeBranchWorld();
    await makeTarget(w.branch.id, { title: '质量事故发生数', direction: 'LOWER', targetValue: 1, uom: '件' });
    const anon = await anonymous().get(`/units/${w.branch.code}/board`);
    expect(anon.status).toBe(303);
    const staff = await loginAs(w.staff.username);
    const board = await staff.get(`/units/${w.branch.code}/board`);
    expect(board.status).toBe(200);
    expect(board.text).toContain('质量事故发生数');
    expect(board.text).toContain('≤1件');
    expect(board.text).not.toContain('制定目标</a>');
    expect((await staff.get(`/units/${w.branch.code}/board/targets/new`)).status).toBe(403);
    for (const p of [w.otherSecretary, w.infoOfficer, w.member]) {
      expect((await postForm(await loginAs(p.username), `/units/${w.branch.code}/board/targets`, targetForm)).status).toBe(403);
    }
    const secretary = await loginAs(w.secretary.username);
    const created = await postForm(secretary, `/units/${w.branch.code}/board/targets`, targetForm);
    expect(created.status).toBe(303);
    expect((await secretary.get(`/units/${w.branch.code}/board`)).text).toContain('党费按月足额收缴率');
  });

  it('refuses a target that breaks the rules, with the message on the refilled form', async () => {
    const w = await makeBranchWorld();
    const secretary = await loginAs(w.secretary.username);
    const url = `/units/${w.branch.code}/board/targets`;
    const noStretch = await postForm(secretary, url, { ...targetForm, kind: 'CHALLENGE', title: '党员参学率' });
    expect(noStretch.status).toBe(400);
    expect(noStretch.text).toContain('挑战目标请填写挑战值');
    expect(noStretch.text).toContain('value="党员参学率"');
    const wrongSide = await postForm(secretary, url, { ...targetForm, kind: 'CHALLENGE', stretchValue: '90' });
    expect(wrongSide.text).toContain('挑战值应高于目标值');
    const notNumber = await postForm(secretary, url, { ...targetForm, targetValue: '一百' });
    expect(notNumber.status).toBe(400);
    expect(notNumber.text).toContain('目标值应为数字');
    const empty = await postForm(secretary, url, { year: 'x' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写目标名称');
    expect(await testDb().target.count({ where: { unitId: w.branch.id } })).toBe(0);
  });

  it('records figures: a missed must-achieve target opens a countermeasure, a closed period is reported or corrected only by the office with a reason', async () => {
    const { due } = standOnReportingDay();
    const w = await makeBranchWorld();
    const current = await makeTarget(w.branch.id, { year: due.year });
    const t = await makeTarget(w.branch.id, { year: due.year - 1 });
    const currentUrl = `/units/${w.branch.code}/board/targets/${current.id}`;
    const url = `/units/${w.branch.code}/board/targets/${t.id}`;
    const info = await loginAs(w.infoOfficer.username);

    const bad = await postForm(info, `${currentUrl}/measurements`, { period: String(due.month), actual: '很多' }, currentUrl);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('实际值应为数字');
    expect((await postForm(info, `${url}/measurements`, { period: '13', actual: '1' }, url)).status).toBe(400);

    // the month due now: on time, open
    expect(
      (await postForm(info, `${currentUrl}/measurements`, { period: String(due.month), actual: '100', note: '按期召开' }, currentUrl))
        .status,
    ).toBe(303);
    expect(
      (await testDb().measurement.findUniqueOrThrow({ where: { targetId_period: { targetId: current.id, period: due.month } } })).late,
    ).toBe(false);
    {
      // January of last year has long closed: the branch may not report it
      const refused = await postForm(info, `${url}/measurements`, { period: '1', actual: '75' }, url);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('只能由党委办公室注明原因后补报或更正');
      expect(refused.text).toContain('value="75"');
      const office = await loginAs(w.office.username);
      const noReason = await postForm(office, `${url}/measurements`, { period: '1', actual: '75' }, url);
      expect(noReason.status).toBe(400);
      expect(noReason.text).toContain('补报或更正请填写原因');
      // the office reports it with a reason: marked late, the reason shown; missing the target opens a PDCA item
      expect((await postForm(office, `${url}/measurements`, { period: '1', actual: '75', reason: '支部补交了会议记录' }, url)).status).toBe(
        303,
      );
      const m = await testDb().measurement.findUniqueOrThrow({ where: { targetId_period: { targetId: t.id, period: 1 } } });
      expect(m.late).toBe(true);
      const pdca = await testDb().countermeasure.findFirstOrThrow({ where: { targetId: t.id } });
      expect(pdca.source).toBe('TARGET');
      expect(pdca.problem).toContain('未达成');
      expect((await info.get(`/units/${w.branch.code}/modules/rectification`)).text).toContain('三会一课按期召开率');
      const page = await info.get(url);
      expect(page.text).toContain('迟报');
      expect(page.text).toContain('s-missed');
      expect(page.text).toContain('党委办公室补报/更正原因：支部补交了会议记录');

      // correcting it: not the branch, the office with a reason
      const byBranch = await postForm(await loginAs(w.secretary.username), `${url}/measurements`, { period: '1', actual: '100' }, url);
      expect(byBranch.status).toBe(400);
      expect((await postForm(office, `${url}/measurements`, { period: '1', actual: '100', reason: '会议记录核实无误' }, url)).status).toBe(
        303,
      );
      const corrected = await testDb().measurement.findUniqueOrThrow({ where: { targetId_period: { targetId: t.id, period: 1 } } });
      expect(corrected.actual).toBe(100);
      expect(corrected.correctedAt).not.toBeNull();
      const entry = await testDb().auditLog.findFirstOrThrow({ where: { action: 'board.measurement_corrected', unitId: w.branch.id } });
      expect(entry.summary).toContain('会议记录核实无误');
    }
    for (const p of [w.member, w.otherSecretary]) {
      const r = await postForm(
        await loginAs(p.username),
        `${currentUrl}/measurements`,
        { period: String(due.month), actual: '1' },
        currentUrl,
      );
      expect(r.status).toBe(403);
    }
  });

  it('shows the committee target with how the branch targets that serve it stand', async () => {
    const w = await makeBranchWorld();
    const parent = await makeTarget(w.committee.id, { title: '党委：三会一课按期召开率', targetValue: 95 });
    const child = await makeTarget(w.branch.id, { title: '支部三会一课', parentId: parent.id });
    await testDb().measurement.create({ data: { targetId: child.id, period: 1, actual: 50, reportedById: w.secretary.id } });
    const res = await (await loginAs(w.member.username)).get(`/units/${w.committee.code}/board`);
    expect(res.text).toContain('党委：三会一课按期召开率');
    expect(res.text).toContain(`${w.branch.name}</a>：<a href="/units/${w.branch.code}/board/targets/${child.id}">支部三会一课`);
    expect(res.text).toMatch(/支撑此目标的支部目标 1 项/);
    // a branch target may serve only a committee target
    const secretary = await loginAs(w.secretary.username);
    const other = await makeTarget(w.other.id);
    const refused = await postForm(secretary, `/units/${w.branch.code}/board/targets`, { ...targetForm, parentId: String(other.id) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('请选择同一年度党委的目标');
  });

  it('keeps the self-diagnosis and the office’s evaluation', async () => {
    const w = await makeBranchWorld();
    const secretary = await loginAs(w.secretary.username);
    const boardUrl = `/units/${w.branch.code}/board`;
    const empty = await postForm(secretary, `${boardUrl}/diagnosis`, { month: '3', text: '' }, boardUrl);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写自我诊断');
    expect(
      (await postForm(secretary, `${boardUrl}/diagnosis`, { month: '3', text: '三月党费收缴滞后，已落实专人催缴' }, boardUrl)).status,
    ).toBe(303);
    expect((await postForm(secretary, `${boardUrl}/evaluation`, { month: '3', rating: 'GOOD', text: '自评' }, boardUrl)).status).toBe(403);
    const office = await loginAs(w.office.username);
    expect(
      (await postForm(office, `${boardUrl}/evaluation`, { month: '3', rating: 'NEEDS_WORK', text: '原因分析不够具体' }, boardUrl)).status,
    ).toBe(303);
    const board = await (await loginAs(w.staff.username)).get(boardUrl);
    expect(board.text).toContain('三月党费收缴滞后，已落实专人催缴');
    expect(board.text).toContain('原因分析不够具体');
    expect(board.text).toContain('一般');
  });

  it('prints on one landscape A3 page and exports to Excel with the right numbers', async () => {
    const w = await makeBranchWorld();
    const t = await makeTarget(w.branch.id, { title: '党员参学率', kind: 'CHALLENGE', targetValue: 90, stretchValue: 97 });
    await testDb().measurement.createMany({
      data: [
        { targetId: t.id, period: 1, actual: 98, reportedById: w.secretary.id },
        { targetId: t.id, period: 2, actual: 80, note: '春节', reportedById: w.secretary.id },
      ],
    });
    const agent = await loginAs(w.member.username);
    const print = await agent.get(`/units/${w.branch.code}/board/print`);
    expect(print.status).toBe(200);
    expect(print.text).toContain('board-print');
    expect(print.text).toContain('paper-a3-landscape');
    expect(print.text).toContain('党员参学率');
    // the sheet's paper is the board's own choice (the PDF's size is checked in the browser journey "printing")
    const css = (await agent.get('/public/css/print.css')).text;
    expect(css).toMatch(/@page a3-landscape \{\s*size: A3 landscape;/);
    expect(css).toMatch(/body\.paper-a3-landscape \{\s*page: a3-landscape;/);

    const xlsx = await agent
      .get(`/units/${w.branch.code}/board.xlsx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('方针管理板')!;
    const row = sheet.getRow(3);
    expect(row.getCell(2).value).toBe('党员参学率');
    expect(row.getCell(10).value).toBe(98);
    expect(row.getCell(11).value).toBe(80);
    expect(row.getCell(22).value).toBe(89);
    const detail = wb.getWorksheet('数据明细')!;
    expect(detail.getRow(3).values).toEqual([undefined, '党员参学率', '2月', 80, '未达成', '', '春节']);
  });

  it('costs the same number of SQL queries for two targets as for ten with a year of figures', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.member.username);
    const url = `/units/${w.committee.code}/board`;
    const parents = [await makeTarget(w.committee.id), await makeTarget(w.committee.id)];
    await agent.get(url);
    const before = sqlQueries(await coldGet(agent, url));
    // each of the board's reads made once, even with the cache left aside (the chart is a part rendered from the same board)
    const statements = lastRequestStatements().filter((q) => !q.startsWith('UPDATE "session"'));
    expect(statements.length - new Set(statements).size).toBe(0);
    for (let i = 0; i < 8; i++) {
      const t = await makeTarget(w.committee.id, { title: `目标${i}` });
      await testDb().measurement.createMany({
        data: Array.from({ length: 10 }, (_, n) => ({ targetId: t.id, period: n + 1, actual: 90 + n, reportedById: w.office.id })),
      });
      await makeTarget(w.branch.id, { parentId: parents[i % 2].id });
    }
    const after = await coldGet(agent, url);
    expect(after.text).toContain('目标7');
    expect(sqlQueries(after)).toBe(before);
  });
});
