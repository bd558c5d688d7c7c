import { describe, expect, it } from 'vitest';
import { coldGet, loginAs, postForm, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, makeUnit } from '../helpers/factories.js';
import { cellOf, postMeeting, postRecord } from './helpers.js';

const Y = 2025; // a year that is over: every period is either done or overdue

describe('obligations met and missed by published records', () => {
  it('marks a period done by a published record of the right type dated in it, and the rest overdue', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    await postMeeting(sec, w.branch, { meetingType: '支委会', date: `${Y}-03-12` });
    await postMeeting(sec, w.branch, { meetingType: '党课', date: `${Y}-05-20` });
    await postRecord(sec, w.branch, 'theme-day', { date: `${Y}-07-01`, theme: '重温入党誓词', content: '全体党员重温入党誓词。' });
    const member = await loginAs(w.member.username);
    const page = await member.get(`/units/${w.branch.code}/org-life?year=${Y}`);
    expect(page.status).toBe(200);
    expect(cellOf(page.text, '支委会', `${Y}-03`)).toBe('done');
    expect(cellOf(page.text, '支委会', `${Y}-04`)).toBe('overdue');
    expect(cellOf(page.text, '党课', `${Y}-Q2`)).toBe('done');
    expect(cellOf(page.text, '党课', `${Y}-Q1`)).toBe('overdue');
    expect(cellOf(page.text, '主题党日', `${Y}-07`)).toBe('done');
    expect(cellOf(page.text, '组织生活会', `${Y}`)).toBe('overdue');
    // a 支委会 does not count as a 支部党员大会: same record type, other meeting type
    expect(cellOf(page.text, '支部党员大会', `${Y}-Q1`)).toBe('overdue');
    // the done cell links to its record; the year's rate: 1 of 12 支委会
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, title: { startsWith: '支委会' } } });
    expect(page.text).toContain(`/units/${w.branch.code}/modules/meetings/records/${item.id}`);
    expect(page.text).toMatch(/8\.3%<br><small class="muted">1\/12/);
  });

  it('does not count a draft, and a record taken down makes its period overdue again', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    await postMeeting(info, w.branch, { meetingType: '支部党员大会', date: `${Y}-02-10` }, { intent: 'submit' });
    const url = `/units/${w.branch.code}/org-life?year=${Y}`;
    const viewer = await loginAs(w.staff.username);
    expect(cellOf((await viewer.get(url)).text, '支部党员大会', `${Y}-Q1`)).toBe('overdue');

    const sec = await loginAs(w.secretary.username);
    const { item } = await postMeeting(sec, w.branch, { meetingType: '支部党员大会', date: `${Y}-02-11` });
    expect(cellOf((await viewer.get(url)).text, '支部党员大会', `${Y}-Q1`)).toBe('done');

    const office = await loginAs(w.office.username);
    const down = await postForm(office, `/units/${w.branch.code}/modules/meetings/items/${item!.id}/take-down`, {
      reason: '记录不实',
      number: 1,
    });
    expect(down.status).toBe(303);
    expect(cellOf((await viewer.get(url)).text, '支部党员大会', `${Y}-Q1`)).toBe('overdue');
  });

  it('owes a 党小组会 per party group, met only by a record naming that group', async () => {
    const w = await makeBranchWorld();
    const g1 = await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id, name: '第一党小组' });
    await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id, name: '第二党小组' });
    await makePerson({ roles: [{ role: 'MEMBER', unitId: w.branch.id }], homeUnitId: g1.id });
    const sec = await loginAs(w.secretary.username);
    await postMeeting(sec, w.branch, { meetingType: '党小组会', date: `${Y}-06-05`, groupId: g1.id });
    const page = await (await loginAs(w.member.username)).get(`/units/${w.branch.code}/org-life?year=${Y}`);
    expect(cellOf(page.text, '党小组会（第一党小组）', `${Y}-06`)).toBe('done');
    expect(cellOf(page.text, '党小组会（第二党小组）', `${Y}-06`)).toBe('overdue');
  });

  it('shows the current period as due, a later one as not yet due', async () => {
    const w = await makeBranchWorld();
    const now = new Date();
    const y = now.getUTCFullYear();
    const m = String(now.getUTCMonth() + 1).padStart(2, '0');
    const page = await (await loginAs(w.member.username)).get(`/units/${w.branch.code}/org-life?year=${y}`);
    expect(cellOf(page.text, '支委会', `${y}-${m}`)).toBe('due');
    expect(cellOf(page.text, '组织生活会', `${y}`)).toBe('due');
    const next = await (await loginAs(w.member.username)).get(`/units/${w.branch.code}/org-life?year=${y + 1}`);
    expect(cellOf(next.text, '支委会', `${y + 1}-01`)).toBe('upcoming');
  });

  it('costs the same number of statements whatever the records and groups, and prints on A4 portrait', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const url = `/units/${w.branch.code}/org-life?year=${Y}`;
    const before = sqlQueries(await coldGet(sec, url));
    for (const g of ['一', '二', '三']) await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id, name: `第${g}党小组` });
    for (const d of ['01-10', '04-10', '08-10']) await postMeeting(sec, w.branch, { meetingType: '支委会', date: `${Y}-${d}` });
    const res = await coldGet(sec, url);
    expect(sqlQueries(res)).toBe(before);
    expect(res.text).toContain('href="/public/css/orglife-print.css" media="print"');
  });
});

describe('the office keeps the obligations', () => {
  it('lets the office change a frequency and drop an obligation; others are refused', async () => {
    const w = await makeBranchWorld();
    const url = `/units/${w.branch.code}/org-life/obligations`;
    const sec = await loginAs(w.secretary.username);
    expect((await sec.get(url)).status).toBe(403);
    expect((await postForm(sec, url, { kind: 'lecture', frequency: 'MONTHLY', active: 'on' })).status).toBe(403);

    const office = await loginAs(w.office.username);
    expect((await office.get(url)).status).toBe(200);
    const saved = await postForm(office, url, { kind: 'lecture', frequency: 'MONTHLY', active: 'on' });
    expect(saved.status).toBe(303);
    await postForm(office, url, { kind: 'theme_day', frequency: 'MONTHLY' });
    const page = await office.get(`/units/${w.branch.code}/org-life?year=${Y}`);
    expect(cellOf(page.text, '党课', `${Y}-05`)).toBe('overdue');
    expect(page.text).not.toContain('<th scope="row">主题党日');
  });

  it('takes no new setting on an archived branch, and has no page on a unit that is not a branch', async () => {
    const w = await makeBranchWorld();
    const archived = await makeUnit({ parentId: w.committee.id, archived: true });
    const office = await loginAs(w.office.username);
    expect((await postForm(office, `/units/${archived.code}/org-life/obligations`, { kind: 'lecture', frequency: 'MONTHLY' })).status).toBe(
      403,
    );
    expect((await office.get(`/units/${archived.code}/org-life`)).status).toBe(200);
    expect((await office.get(`/units/${w.committee.code}/org-life`)).status).toBe(404);
  });

  it('refuses an obligation with no frequency, with the message beside the field and nothing saved', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const res = await postForm(office, `/units/${w.branch.code}/org-life/obligations`, { kind: 'lecture', frequency: '', active: 'on' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('请选择频次（每月、每季度或每年）');
    expect(await testDb().orgObligation.count({ where: { unitId: w.branch.id } })).toBe(0);
  });

  it('shows a period the office excused with its reason, not counted in the rate', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const bad = await postForm(office, `/units/${w.branch.code}/org-life/excuses`, { kind: 'lecture', period: `${Y}-Q3`, reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('请填写认可的原因');
    const ok = await postForm(office, `/units/${w.branch.code}/org-life/excuses`, {
      kind: 'lecture',
      period: `${Y}-Q3`,
      reason: '全员参加防汛抢险',
    });
    expect(ok.status).toBe(303);
    const page = await (await loginAs(w.member.username)).get(`/units/${w.branch.code}/org-life?year=${Y}`);
    expect(cellOf(page.text, '党课', `${Y}-Q3`)).toBe('excused');
    expect(page.text).toContain('全员参加防汛抢险');
    expect(page.text).toMatch(/0%<br><small class="muted">0\/3/);
    const sec = await loginAs(w.secretary.username);
    expect(
      (await postForm(sec, `/units/${w.branch.code}/org-life/excuses`, { kind: 'lecture', period: `${Y}-Q1`, reason: 'x' })).status,
    ).toBe(403);
  });
});
