import { describe, expect, it } from 'vitest';
import { coldGet, loginAs, postForm, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { postMeeting } from './helpers.js';

const Y = 2025;

async function fedTarget(agent: Awaited<ReturnType<typeof loginAs>>, code: string, source: string, year = Y) {
  const res = await postForm(agent, `/units/${code}/board/targets`, {
    year,
    kind: 'CHALLENGE',
    title: '三会一课按期召开率',
    measure: '按期召开的组织生活占应开的比例',
    uom: '%',
    direction: 'HIGHER',
    targetValue: 90,
    stretchValue: 100,
    period: 'MONTHLY',
    source,
  });
  expect(res.status).toBe(303);
  return testDb().target.findFirstOrThrow({ where: { unit: { code }, title: '三会一课按期召开率' }, orderBy: { id: 'desc' } });
}

/** The figure of month `n` in the target page's table. */
const monthValue = (html: string, n: number) =>
  new RegExp(`<th scope="row">${n}月</th><td class="num">(?:<a href="[^"]*">)?([^<]*)`).exec(html)?.[1];

describe('a board target fed by organisational life (自动)', () => {
  it('follows the records as they are published and taken down, and links to them', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const t = await fedTarget(sec, w.branch.code, 'orglife.on_time');
    const url = `/units/${w.branch.code}/board/targets/${t.id}`;
    const reader = await loginAs(w.staff.username);
    // March owes 支委会 (month), 主题党日 (month), 支部党员大会 and 党课 (Q1): nothing held, 0%
    expect(monthValue((await reader.get(url)).text, 3)).toBe('0');

    const { item } = await postMeeting(sec, w.branch, { meetingType: '支委会', date: `${Y}-03-12` });
    const page = (await reader.get(url)).text;
    expect(monthValue(page, 3)).toBe('25');
    expect(page).toContain('数据来源：组织生活按期完成率');
    expect(page).toContain(`href="/units/${w.branch.code}/org-life?year=${Y}"`);
    const board = (await reader.get(`/units/${w.branch.code}/board?year=${Y}`)).text;
    expect(board).toContain('自动</span> 组织生活按期完成率');

    const office = await loginAs(w.office.username);
    await postForm(office, `/units/${w.branch.code}/modules/meetings/items/${item!.id}/take-down`, { reason: '日期有误', number: 1 });
    expect(monthValue((await reader.get(url)).text, 3)).toBe('0');
  });

  it('is not typed by the branch; the office corrects it with a reason, which is shown', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const t = await fedTarget(sec, w.branch.code, 'orglife.on_time');
    const url = `/units/${w.branch.code}/board/targets/${t.id}`;
    const refused = await postForm(sec, `${url}/measurements`, { period: 3, actual: 100, note: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('自动计算，不能手工填报');
    expect(await testDb().measurement.count({ where: { targetId: t.id } })).toBe(0);

    const office = await loginAs(w.office.username);
    const noReason = await postForm(office, `${url}/measurements`, { period: 3, actual: 75, note: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('更正自动计算的数据请填写原因');
    const ok = await postForm(office, `${url}/measurements`, { period: 3, actual: 75, note: '', reason: '3 月支委会纸质记录已核实' });
    expect(ok.status).toBe(303);
    const page = (await sec.get(url)).text;
    expect(monthValue(page, 3)).toBe('75');
    expect(page).toContain('3 月支委会纸质记录已核实');
  });

  it('feeds members’ attendance rate from the attendance of published records', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const t = await fedTarget(sec, w.branch.code, 'orglife.attendance');
    await postMeeting(
      sec,
      w.branch,
      { meetingType: '支委会', date: `${Y}-04-12` },
      {
        'attendance[present][]': [w.secretary.id, w.infoOfficer.id, w.orgMember.id].map(String),
        [`attendance[absent][p${w.member.id}]`]: '请假',
      },
    );
    const res = await coldGet(sec, `/units/${w.branch.code}/board/targets/${t.id}`);
    expect(monthValue(res.text, 4)).toBe('75');
    // the board costs the same whatever the records: one computation per source
    const board = `/units/${w.branch.code}/board?year=${Y}`;
    const before = sqlQueries(await coldGet(sec, board));
    await postMeeting(
      sec,
      w.branch,
      { meetingType: '支委会', date: `${Y}-05-12` },
      {
        'attendance[present][]': [w.secretary.id, w.infoOfficer.id, w.orgMember.id, w.member.id].map(String),
      },
    );
    const after = await coldGet(sec, board);
    expect(sqlQueries(after)).toBe(before);
  });
});

describe('a fed target on the review and the month sheet', () => {
  it('is judged by its computed figure (not “未报”) and is not on the branch’s month sheet', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const now = new Date();
    const year = now.getUTCFullYear();
    const res = await postForm(sec, `/units/${w.branch.code}/board/targets`, {
      year,
      kind: 'MUST',
      title: '组织生活按期率',
      measure: '按期召开 ÷ 应召开',
      uom: '%',
      direction: 'HIGHER',
      targetValue: 100,
      period: 'MONTHLY',
      source: 'orglife.on_time',
    });
    expect(res.status).toBe(303);
    const office = await loginAs(w.office.username);
    const sheet = (await office.get(`/units/${w.branch.code}/visit-sheet`)).text;
    expect(sheet).not.toMatch(/组织生活按期率：\d+月未报数据/);
    const last = now.getUTCMonth(); // the last month that is over (0 in January: none yet)
    if (last > 0) {
      // nothing held last month: 0 %, missed
      expect(sheet.replace(/\s+/g, ' ')).toMatch(new RegExp(`组织生活按期率：${last}月 0%，未达成`));
      const month = `${year}-${String(last).padStart(2, '0')}`;
      expect((await sec.get(`/units/${w.branch.code}/board/report?period=${month}`)).text).not.toContain('组织生活按期率');
    }
  });
});

describe('the other sources of the registry', () => {
  it('feeds notices acknowledged on time from the receipts of the branch’s people', async () => {
    const w = await makeBranchWorld();
    const year = 2016; // a year no other test's notices fall in
    const notice = await testDb().notice.create({
      data: {
        unitId: w.committee.id,
        title: '关于开展主题教育的通知',
        issuer: '党委',
        audience: 'MEMBERS',
        ackRequired: true,
        ackDeadline: new Date(Date.UTC(year, 2, 10)),
        status: 'PUBLISHED',
        publishedAt: new Date(Date.UTC(year, 2, 1)),
        createdById: w.office.id,
      },
    });
    await testDb().noticeReceipt.createMany({
      data: [
        {
          noticeId: notice.id,
          personId: w.secretary.id,
          readAt: new Date(Date.UTC(year, 2, 9)),
          acknowledgedAt: new Date(Date.UTC(year, 2, 10, 15)),
        },
        {
          noticeId: notice.id,
          personId: w.member.id,
          readAt: new Date(Date.UTC(year, 2, 20)),
          acknowledgedAt: new Date(Date.UTC(year, 2, 20)),
        },
      ],
    });
    const sec = await loginAs(w.secretary.username);
    const t = await fedTarget(sec, w.branch.code, 'notices.ack_on_time', year);
    // four party members addressed; the secretary acknowledged by the deadline day, the member late, two never
    expect(monthValue((await sec.get(`/units/${w.branch.code}/board/targets/${t.id}`)).text, 3)).toBe('25');
  });

  it('feeds module pages updated on time from the site’s publications', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const year = new Date().getUTCFullYear();
    const t = await fedTarget(sec, w.branch.code, 'sites.modules_current', year);
    const url = `/units/${w.branch.code}/board/targets/${t.id}`;
    const month = new Date().getUTCMonth() + 1;
    expect(monthValue((await sec.get(url)).text, month)).toBe('0');
    await postForm(sec, `/units/${w.branch.code}/modules/plan/edit`, {
      title: '年度工作计划',
      body: '<p>计划</p>',
      baseNumber: 0,
      intent: 'publish',
    });
    expect(Number(monthValue((await sec.get(url)).text, month))).toBeGreaterThan(0);
  });
});
