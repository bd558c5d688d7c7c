import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { coldGet, loginAs, postForm, sqlQueries, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { cellOf, postRecord } from './helpers.js';

const local = (d: dayjs.Dayjs) => d.format('YYYY-MM-DDTHH:mm');

/** The secretary opens the branch's round for `year` through the form, with the voting window given. */
async function openRound(w: Awaited<ReturnType<typeof makeBranchWorld>>, year: number, opensAt: dayjs.Dayjs, closesAt: dayjs.Dayjs) {
  const sec = await loginAs(w.secretary.username);
  const url = `/units/${w.branch.code}/appraisals/${year}`;
  const subjects = [w.secretary, w.orgMember, w.member];
  const res = await postForm(
    sec,
    url,
    { personIds: subjects.map((s) => s.id), grades: '优秀\n合格\n基本合格\n不合格', opensAt: local(opensAt), closesAt: local(closesAt) },
    url,
  );
  expect(res.status).toBe(303);
  const round = await testDb().appraisalRound.findUniqueOrThrow({ where: { unitId_year: { unitId: w.branch.id, year } } });
  return { sec, url, subjects, round };
}

const finals = (people: { id: number }[], grade = '合格') => Object.fromEntries(people.map((p) => [`final_${p.id}`, grade]));

/** The org-life grid's row of 民主评议党员. */
const appraisalRow = (html: string) => html.split('<tr>').find((r) => r.includes('<th scope="row">民主评议党员')) ?? '';

async function orgLifePage(agent: Agent, code: string, year: number) {
  const res = await agent.get(`/units/${code}/org-life?year=${year}`);
  expect(res.status).toBe(200);
  return res.text;
}

describe('the appraisal round as the year’s 民主评议 of the organisational-life calendar', () => {
  it('counts a closed round with a final grade for everyone as done, linked to the round; a missing grade does not', async () => {
    const w = await makeBranchWorld();
    const Y = 2015;
    const { sec, url, subjects } = await openRound(w, Y, dayjs().subtract(3, 'hour'), dayjs().subtract(2, 'hour'));
    const viewer = await loginAs(w.staff.username);
    expect(cellOf(await orgLifePage(viewer, w.branch.code, Y), '民主评议党员', `${Y}`)).toBe('overdue');

    // two of three graded: the 支委会 has not finished, so the year's 民主评议 is not done
    expect((await postForm(sec, `${url}/final`, finals(subjects.slice(0, 2)), url)).status).toBe(303);
    expect(cellOf(await orgLifePage(viewer, w.branch.code, Y), '民主评议党员', `${Y}`)).toBe('overdue');

    expect((await postForm(sec, `${url}/final`, finals(subjects), url)).status).toBe(303);
    const page = await orgLifePage(viewer, w.branch.code, Y);
    expect(cellOf(page, '民主评议党员', `${Y}`)).toBe('done');
    expect(appraisalRow(page)).toContain(`<a href="/units/${w.branch.code}/appraisals/${Y}" title="${Y}年度民主评议党员">✓`);
    // the round of one year is not the next year's 民主评议
    expect(cellOf(await orgLifePage(viewer, w.branch.code, Y + 1), '民主评议党员', `${Y + 1}`)).toBe('overdue');
    // nor another branch's
    const other = await loginAs(w.otherSecretary.username);
    expect(cellOf(await orgLifePage(other, w.other.code, Y), '民主评议党员', `${Y}`)).toBe('overdue');
  });

  it('does not count a round whose window is still open, even with every grade set, until the window has ended', async () => {
    const w = await makeBranchWorld();
    const Y = 2015;
    const { sec, url, subjects, round } = await openRound(w, Y, dayjs().subtract(1, 'hour'), dayjs().add(1, 'hour'));
    expect((await postForm(sec, `${url}/final`, finals(subjects), url)).status).toBe(400); // the form refuses before the end
    await testDb().appraisalSubject.updateMany({ where: { roundId: round.id }, data: { finalGrade: '合格' } });
    const viewer = await loginAs(w.member.username);
    expect(cellOf(await orgLifePage(viewer, w.branch.code, Y), '民主评议党员', `${Y}`)).toBe('overdue');

    await testDb().appraisalRound.update({ where: { id: round.id }, data: { closesAt: dayjs().subtract(1, 'minute').toDate() } });
    expect(cellOf(await orgLifePage(viewer, w.branch.code, Y), '民主评议党员', `${Y}`)).toBe('done');
  });

  it('feeds the assessment for all branches at once, next to the typed record of a branch that holds it offline', async () => {
    const Y = 2013;
    const online = await makeBranchWorld();
    const offline = await makeBranchWorld();
    const none = await makeBranchWorld();
    const { sec, url, subjects } = await openRound(online, Y, dayjs().subtract(3, 'hour'), dayjs().subtract(2, 'hour'));
    expect((await postForm(sec, `${url}/final`, finals(subjects), url)).status).toBe(303);
    const offlineSec = await loginAs(offline.secretary.username);
    expect(
      (
        await postRecord(offlineSec, offline.branch, 'org-life', {
          date: `${Y}-12-20`,
          kind: '民主评议党员',
          theme: '民主评议党员',
          participants: '3',
          criticism: '党员之间开展相互批评。',
          result: '评定合格 3 人。',
        })
      ).status,
    ).toBe(303);
    const scheme = await testDb().assessmentScheme.create({
      data: {
        year: Y,
        criteria: { create: [{ title: '组织生活按期召开', method: 'ORG_LIFE_ON_TIME', weight: 10, maxScore: 10, sortOrder: 1 }] },
      },
      include: { criteria: true },
    });
    const office = await loginAs(online.office.username);
    const sheet = `/assessment/${Y}/q/4`;
    const compute = () => postForm(office, `${sheet}/compute`, {}, sheet);
    const first = await compute();
    expect(first.status).toBe(303);
    const comment = async (unitId: number) =>
      (await testDb().assessmentScore.findFirstOrThrow({ where: { unitId, criterionId: scheme.criteria[0].id } })).comment;
    // Q4 owes 3 支委会, 3 主题党日, 1 大会, 1 党课, 组织生活会 and 民主评议党员 (the year's, ending in December)
    expect(await comment(online.branch.id)).toBe('组织生活按期召开 1/10 期');
    expect(await comment(offline.branch.id)).toBe('组织生活按期召开 1/10 期');
    expect(await comment(none.branch.id)).toBe('组织生活按期召开 0/10 期');

    // more branches with graded rounds cost no more statements, in the assessment and on the morning review
    await office.get('/review'); // the first visit sets the viewer's marker
    const review = await coldGet(office, '/review');
    for (let i = 0; i < 3; i++) {
      const w = await makeBranchWorld();
      for (const year of [Y, new Date().getUTCFullYear()]) {
        const r = await openRound(w, year, dayjs().subtract(3, 'hour'), dayjs().subtract(2, 'hour'));
        expect((await postForm(r.sec, `${r.url}/final`, finals(r.subjects), r.url)).status).toBe(303);
      }
    }
    const again = await compute();
    expect(sqlQueries(again)).toBe(sqlQueries(first));
    expect(sqlQueries(await coldGet(office, '/review'))).toBe(sqlQueries(review));
  });
});
