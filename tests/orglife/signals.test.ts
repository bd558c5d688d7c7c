import { describe, expect, it } from 'vitest';
import { loginAs, postForm } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { postMeeting } from './helpers.js';

/** Periods of this year already over for a fresh branch with no groups: 支委会 and 主题党日 monthly, 大会 and 党课 quarterly. */
function overdueThisYear() {
  const now = new Date();
  const months = now.getUTCMonth();
  return 2 * months + 2 * Math.floor(months / 3);
}

const reviewCell = (html: string, code: string) => new RegExp(`href="/units/${code}/org-life">(\\d+)</a>`).exec(html)?.[1];

describe('overdue organisational life as a signal', () => {
  it('is a column of the morning review and weighs in the branch’s score; a published record lowers it', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const expected = overdueThisYear();
    const page = await office.get('/review');
    expect(page.text).toContain('组织生活逾期');
    expect(page.text).toContain('3×组织生活逾期');
    expect(Number(reviewCell(page.text, w.branch.code) ?? 0)).toBe(expected);

    const sec = await loginAs(w.secretary.username);
    const y = new Date().getUTCFullYear();
    await postMeeting(sec, w.branch, { meetingType: '支委会', date: `${y}-01-15` });
    const after = await office.get('/review');
    expect(Number(reviewCell(after.text, w.branch.code) ?? 0)).toBe(expected - (new Date().getUTCMonth() >= 1 ? 1 : 0));
  });

  it('is on the secretary’s to-do and the visit sheet, not on a member’s to-do', async () => {
    const w = await makeBranchWorld();
    const y = new Date().getUTCFullYear();
    const office = await loginAs(w.office.username);
    const sec = await loginAs(w.secretary.username);
    const todo = await sec.get('/me/todo');
    expect(todo.status).toBe(200);
    // in January nothing of the year is over yet: the part is then rightly absent
    if (overdueThisYear() > 0) {
      expect(todo.text).toContain('逾期未开的组织生活');
      expect(todo.text).toContain(`/units/${w.branch.code}/org-life?year=${y}`);
    }
    const member = await loginAs(w.member.username);
    expect((await member.get('/me/todo')).text).not.toContain('逾期未开的组织生活');
    const sheet = await office.get(`/units/${w.branch.code}/visit-sheet`);
    expect(sheet.text).toContain(`逾期未开的组织生活（${overdueThisYear()}）`);
  });
});

describe('the assessment criterion computed from organisational life', () => {
  it('scores the quarter by the obligation periods held on time', async () => {
    const w = await makeBranchWorld();
    const year = 2017;
    const scheme = await testDb().assessmentScheme.create({
      data: {
        year,
        criteria: { create: [{ title: '组织生活按期召开', method: 'ORG_LIFE_ON_TIME', weight: 10, maxScore: 10, sortOrder: 1 }] },
      },
      include: { criteria: true },
    });
    const sec = await loginAs(w.secretary.username);
    await postMeeting(sec, w.branch, { meetingType: '支委会', date: `${year}-01-15` });
    await postMeeting(sec, w.branch, { meetingType: '支部党员大会', date: `${year}-02-15` });
    const office = await loginAs(w.office.username);
    const sheet = `/assessment/${year}/q/1`;
    expect((await postForm(office, `${sheet}/compute`, {}, sheet)).status).toBe(303);
    const score = await testDb().assessmentScore.findFirstOrThrow({ where: { unitId: w.branch.id, criterionId: scheme.criteria[0].id } });
    // Q1 owes 3 支委会, 3 主题党日, 1 大会, 1 党课: 2 of 8 held
    expect(score.ratio).toBe(0.25);
    expect(score.comment).toBe('组织生活按期召开 2/8 期');
    expect((await office.get(`/assessment/${year}/scheme`)).text).toContain('组织生活按期召开（自动）');
  });
});
