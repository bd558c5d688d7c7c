import { describe, expect, it } from 'vitest';
import type { RevisionStatus } from '../../src/generated/prisma/enums.js';
import { lastRequestStatements } from '../../src/db/query-counter.js';
import { coldGet, anonymous, loginAs, postForm, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makeUnit, makePerson } from '../helpers/factories.js';

interface Rev {
  status: RevisionStatus;
  authorId: number;
  reviewedById?: number;
  note?: string;
  /** Minutes ago the revision was saved (and, for decided ones, decided one minute later). */
  ago?: number;
}

/** An item of `moduleKey` in the unit's template with the given revisions, numbered 1, 2, … (oldest first). */
async function makeItem(unit: { id: number; kind: string }, moduleKey: string, title: string, revs: Rev[]) {
  const db = testDb();
  const template = unit.kind === 'COMMITTEE' ? 'committee' : 'branch';
  const mod = await db.moduleDef.findFirstOrThrow({ where: { key: moduleKey, template: { key: template } } });
  const item = await db.contentItem.create({
    data: { unitId: unit.id, moduleId: mod.id, kind: mod.kind === 'RECORDS' ? 'RECORD' : 'PAGE', title, headNumber: revs.length },
  });
  for (const [i, r] of revs.entries()) {
    const at = new Date(Date.now() - (r.ago ?? revs.length - i) * 60_000);
    const decided = r.status === 'SUBMITTED' || r.status === 'DRAFT' ? null : new Date(at.getTime() + 60_000);
    const rev = await db.revision.create({
      data: {
        itemId: item.id,
        number: i + 1,
        status: r.status,
        title,
        authorId: r.authorId,
        createdAt: at,
        submittedAt: r.status === 'DRAFT' ? null : at,
        reviewedById: r.reviewedById ?? null,
        reviewedAt: decided,
        reviewNote: r.note ?? null,
      },
    });
    if (r.status === 'PUBLISHED')
      await db.contentItem.update({ where: { id: item.id }, data: { publishedRevisionId: rev.id, publishedAt: decided } });
  }
  return item;
}

/** The part of the page under a section heading (up to the next section). */
function section(html: string, heading: string): string {
  const m = new RegExp(`<h2[^>]*>${heading} <`).exec(html);
  if (!m) return '';
  const start = m.index;
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

describe('GET /me/todo', () => {
  it('sends anonymous visitors to the login page', async () => {
    const res = await anonymous().get('/me/todo');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?returnTo=%2Fme%2Ftodo');
  });

  it('says so when nothing waits, and is linked from the user menu', async () => {
    const { member } = await makeBranchWorld();
    // notices to everyone that other tests published would otherwise wait for this person's acknowledgement too
    const asking = await testDb().notice.findMany({ where: { status: 'PUBLISHED', ackRequired: true }, select: { id: true } });
    await testDb().noticeReceipt.createMany({
      data: asking.map((n) => ({ noticeId: n.id, personId: member.id, acknowledgedAt: new Date() })),
    });
    const res = await (await loginAs(member.username)).get('/me/todo');
    expect(res.status).toBe(200);
    expect(res.text).toContain('没有待办事项');
    expect(res.text).toContain('href="/me/todo"');
    expect(res.text).not.toContain('待我审核');
  });

  it("lists the drafts submitted in the secretary's own unit only, oldest first, linking to the item", async () => {
    const w = await makeBranchWorld();
    const record = await makeItem(w.branch, 'meetings', '十月支部党员大会', [{ status: 'SUBMITTED', authorId: w.infoOfficer.id, ago: 30 }]);
    await makeItem(w.branch, 'plan', '年度计划草稿', [{ status: 'SUBMITTED', authorId: w.orgMember.id, ago: 10 }]);
    await makeItem(w.branch, 'overview', '仍是草稿', [{ status: 'DRAFT', authorId: w.infoOfficer.id }]);
    await makeItem(w.other, 'news', '别的支部的稿件', [{ status: 'SUBMITTED', authorId: w.otherSecretary.id }]);

    const res = await (await loginAs(w.secretary.username)).get('/me/todo');
    expect(res.status).toBe(200);
    const review = section(res.text, '待我审核');
    expect(review).toContain(`href="/units/${w.branch.code}/modules/meetings/records/${record.id}"`);
    expect(review).toContain(`href="/units/${w.branch.code}/modules/plan"`);
    expect(review.indexOf('十月支部党员大会')).toBeLessThan(review.indexOf('年度计划草稿'));
    expect(review).toContain(w.infoOfficer.displayName);
    expect(review).not.toContain('仍是草稿');
    expect(review).not.toContain('别的支部的稿件');

    for (const who of [w.infoOfficer, w.otherSecretary, w.office]) {
      const text = (await (await loginAs(who.username)).get('/me/todo')).text;
      expect(text, who.username).not.toContain('十月支部党员大会');
    }
    expect(section((await (await loginAs(w.otherSecretary.username)).get('/me/todo')).text, '待我审核')).toContain('别的支部的稿件');
  });

  it("gives the office the committee's drafts to review, not the branches'", async () => {
    const w = await makeBranchWorld();
    const staffWriter = await makePerson({ roles: [{ role: 'INFO_OFFICER', unitId: w.committee.id }] });
    await makeItem(w.committee, 'news', '党委动态稿', [{ status: 'SUBMITTED', authorId: staffWriter.id }]);
    const res = await (await loginAs(w.office.username)).get('/me/todo');
    expect(section(res.text, '待我审核')).toContain('党委动态稿');
    expect((await (await loginAs(w.secretary.username)).get('/me/todo')).text).not.toContain('党委动态稿');
  });

  it('shows the author their drafts sent back with the reason, until they save a newer revision', async () => {
    const w = await makeBranchWorld();
    const item = await makeItem(w.branch, 'news', '支部活动报道', [
      { status: 'REJECTED', authorId: w.infoOfficer.id, reviewedById: w.secretary.id, note: '请补充活动照片' },
    ]);
    await makeItem(w.branch, 'honours', '已改过的稿', [
      { status: 'REJECTED', authorId: w.infoOfficer.id, reviewedById: w.secretary.id, note: '旧原因' },
      { status: 'DRAFT', authorId: w.infoOfficer.id },
    ]);
    await makeItem(w.branch, 'summary', '别人被退回的稿', [
      { status: 'REJECTED', authorId: w.orgMember.id, reviewedById: w.secretary.id, note: '不关我事' },
    ]);

    const sentBack = section((await (await loginAs(w.infoOfficer.username)).get('/me/todo')).text, '被退回的草稿');
    expect(sentBack).toContain('支部活动报道');
    expect(sentBack).toContain('请补充活动照片');
    expect(sentBack).toContain(w.secretary.displayName);
    expect(sentBack).toContain(`/units/${w.branch.code}/modules/news/records/${item.id}`);
    expect(sentBack).not.toContain('已改过的稿');
    expect(sentBack).not.toContain('别人被退回的稿');
    expect((await (await loginAs(w.secretary.username)).get('/me/todo')).text).not.toContain('请补充活动照片');
  });

  it("shows take-downs to the unit's editors with the reason, until the item is published again or reworked", async () => {
    const w = await makeBranchWorld();
    await makeItem(w.branch, 'overview', '支部概况旧版', [
      { status: 'TAKEN_DOWN', authorId: w.infoOfficer.id, reviewedById: w.office.id, note: '含有个人电话号码' },
    ]);
    await makeItem(w.branch, 'plan', '已重新发布的计划', [
      { status: 'TAKEN_DOWN', authorId: w.infoOfficer.id, reviewedById: w.office.id, note: '旧的撤下' },
      { status: 'PUBLISHED', authorId: w.infoOfficer.id, reviewedById: w.secretary.id },
    ]);
    await makeItem(w.branch, 'integrity', '正在修改', [
      { status: 'TAKEN_DOWN', authorId: w.infoOfficer.id, reviewedById: w.office.id, note: '待修改', ago: 20 },
      { status: 'SUBMITTED', authorId: w.infoOfficer.id, ago: 5 },
    ]);
    await makeItem(w.other, 'overview', '别的支部被撤下', [
      { status: 'TAKEN_DOWN', authorId: w.otherSecretary.id, reviewedById: w.office.id, note: '别处' },
    ]);

    for (const editor of [w.secretary, w.infoOfficer, w.orgMember]) {
      const down = section((await (await loginAs(editor.username)).get('/me/todo')).text, '被撤下的内容');
      expect(down, editor.username).toContain('支部概况旧版');
      expect(down).toContain('含有个人电话号码');
      expect(down).toContain(w.office.displayName);
      expect(down).toContain(`href="/units/${w.branch.code}/modules/overview"`);
      expect(down).not.toContain('已重新发布的计划');
      expect(down).not.toContain('正在修改');
      expect(down).not.toContain('别的支部被撤下');
    }
    for (const outsider of [w.member, w.staff, w.otherSecretary]) {
      expect((await (await loginAs(outsider.username)).get('/me/todo')).text, outsider.username).not.toContain('支部概况旧版');
    }
  });

  it('leaves out archived units and deleted items', async () => {
    const w = await makeBranchWorld();
    const archived = await makeUnit({ parentId: w.committee.id, archived: true });
    const sec = await makePerson({
      roles: [
        { role: 'SECRETARY', unitId: archived.id },
        { role: 'SECRETARY', unitId: w.branch.id },
      ],
    });
    await makeItem(archived, 'news', '归档单位的稿', [{ status: 'SUBMITTED', authorId: sec.id }]);
    const gone = await makeItem(w.branch, 'news', '已删除的稿', [{ status: 'SUBMITTED', authorId: sec.id }]);
    await testDb().contentItem.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    await makeItem(w.branch, 'news', '正常的稿', [{ status: 'SUBMITTED', authorId: sec.id }]);
    const text = (await (await loginAs(sec.username)).get('/me/todo')).text;
    expect(text).toContain('正常的稿');
    expect(text).not.toContain('归档单位的稿');
    expect(text).not.toContain('已删除的稿');
  });

  it('lists the notices waiting for the person’s acknowledgement until they give it, and the voices their unit has not answered', async () => {
    const w = await makeBranchWorld();
    const db = testDb();
    const notice = await db.notice.create({
      data: {
        unitId: w.committee.id,
        title: '待办测试：请确认的通知',
        issuer: '党委',
        audience: 'ALL',
        status: 'PUBLISHED',
        publishedAt: new Date(),
        ackRequired: true,
        ackDeadline: new Date('2099-12-31'),
        createdById: w.office.id,
      },
    });
    const member = await loginAs(w.member.username);
    const waiting = section((await member.get('/me/todo')).text, '待确认的通知');
    expect(waiting).toContain(`href="/notices/${notice.id}"`);
    expect(waiting).toContain('2099-12-31 前确认');
    expect((await postForm(member, `/notices/${notice.id}/acknowledge`, {}, `/notices/${notice.id}`)).status).toBe(303);
    expect((await member.get('/me/todo')).text).not.toContain('待办测试：请确认的通知');

    const toBranch = await db.voice.create({
      data: { unitId: w.branch.id, authorId: w.member.id, category: 'SUGGESTION', title: '待办测试：给支部的心声', body: '建议' },
    });
    const toCommittee = await db.voice.create({
      data: { unitId: w.committee.id, authorId: w.member.id, category: 'SUGGESTION', title: '待办测试：给党委的心声', body: '建议' },
    });
    const secretaryPage = (await (await loginAs(w.secretary.username)).get('/me/todo')).text;
    // the notice still waits for the secretary too: a line at the top leads to each kind of waiting work
    expect(secretaryPage).toContain('href="#todo-acknowledge"');
    expect(secretaryPage).toContain('href="#todo-voices"');
    const secretary = section(secretaryPage, '待答复的心声');
    expect(secretary).toContain(`href="/voices/${toBranch.id}"`);
    expect(secretary).not.toContain('给党委的心声');
    expect(section((await (await loginAs(w.office.username)).get('/me/todo')).text, '待答复的心声')).toContain(
      `href="/voices/${toCommittee.id}"`,
    );
    expect((await (await loginAs(w.otherSecretary.username)).get('/me/todo')).text).not.toContain('给支部的心声');
    expect((await member.get('/me/todo')).text).not.toContain('待答复的心声');
    await db.voice.update({ where: { id: toBranch.id }, data: { status: 'ANSWERED', answeredAt: new Date() } });
    expect((await (await loginAs(w.secretary.username)).get('/me/todo')).text).not.toContain('给支部的心声');
  });

  it('flags an acknowledgement whose deadline has passed, on /me/todo and on the home page', async () => {
    const w = await makeBranchWorld();
    const db = testDb();
    const base = { unitId: w.committee.id, issuer: '党委', audience: 'ALL' as const, status: 'PUBLISHED' as const, ackRequired: true };
    await db.notice.create({
      data: {
        ...base,
        title: '待办测试：已过期限',
        publishedAt: new Date(),
        ackDeadline: new Date('2020-01-10'),
        createdById: w.office.id,
      },
    });
    await db.notice.create({
      data: {
        ...base,
        title: '待办测试：期限未到',
        publishedAt: new Date(),
        ackDeadline: new Date('2099-01-10'),
        createdById: w.office.id,
      },
    });
    const member = await loginAs(w.member.username);
    const rows = section((await member.get('/me/todo')).text, '待确认的通知').split('<tr>');
    expect(rows.find((r) => r.includes('已过期限'))).toContain('已逾期');
    expect(rows.find((r) => r.includes('已过期限'))).toContain('确认期限 2020-01-10');
    expect(rows.find((r) => r.includes('期限未到'))).not.toContain('已逾期');
    // other tests' notices to everyone may be overdue too: at least this one is counted
    expect((await member.get('/')).text).toMatch(/其中逾期 [1-9]/);
  });

  it('shows the writer their answered voice on the home page and the to-do until they open it, and the final answer again', async () => {
    const w = await makeBranchWorld();
    const db = testDb();
    const voice = await db.voice.create({
      data: { unitId: w.branch.id, authorId: w.member.id, category: 'SUGGESTION', title: '待办测试：食堂排队', body: '午饭排队太久' },
    });
    const member = await loginAs(w.member.username);
    expect((await member.get('/me/todo')).text).not.toContain('已答复的心声');
    const secretary = await loginAs(w.secretary.username);
    expect(
      (await postForm(secretary, `/voices/${voice.id}/answer`, { body: '已与食堂商定错峰开餐。' }, `/voices/${voice.id}`)).status,
    ).toBe(303);

    const answered = section((await member.get('/me/todo')).text, '已答复的心声');
    expect(answered).toContain(`href="/voices/${voice.id}"`);
    expect(answered).toContain('待办测试：食堂排队');
    expect((await member.get('/')).text).toContain('href="/me/todo#todo-answered"');
    // others do not see it as theirs
    expect((await secretary.get('/me/todo')).text).not.toContain('已答复的心声');

    expect((await member.get(`/voices/${voice.id}`)).text).toContain('已与食堂商定错峰开餐。');
    expect((await member.get('/me/todo')).text).not.toContain('已答复的心声');
    expect((await member.get('/')).text).not.toContain('#todo-answered');

    // the writer replies once, the final answer waits for them again
    await postForm(member, `/voices/${voice.id}/reply`, { body: '希望尽快执行。' }, `/voices/${voice.id}`);
    await postForm(secretary, `/voices/${voice.id}/answer`, { body: '下周一起执行。' }, `/voices/${voice.id}`);
    expect(section((await member.get('/me/todo')).text, '已答复的心声')).toContain('最终答复');
  });

  it('gives an information officer their drafts not yet submitted, newest first, until they submit them', async () => {
    const w = await makeBranchWorld();
    await makeItem(w.branch, 'news', '待办测试：旧草稿', [{ status: 'DRAFT', authorId: w.infoOfficer.id, ago: 30 }]);
    const fresh = await makeItem(w.branch, 'honours', '待办测试：新草稿', [{ status: 'DRAFT', authorId: w.infoOfficer.id, ago: 5 }]);
    await makeItem(w.branch, 'summary', '待办测试：别人的草稿', [{ status: 'DRAFT', authorId: w.secretary.id }]);
    await makeItem(w.branch, 'plan', '待办测试：已提交', [{ status: 'SUBMITTED', authorId: w.infoOfficer.id }]);
    const officer = await loginAs(w.infoOfficer.username);
    const drafts = section((await officer.get('/me/todo')).text, '我的草稿');
    expect(drafts.indexOf('新草稿')).toBeGreaterThan(0);
    expect(drafts.indexOf('新草稿')).toBeLessThan(drafts.indexOf('旧草稿'));
    expect(drafts).not.toContain('别人的草稿');
    expect(drafts).not.toContain('已提交');
    expect(drafts).toContain(`href="/units/${w.branch.code}/modules/honours/records/${fresh.id}/edit"`);
    // a plain member edits nothing: no such list, and no query for it
    expect((await (await loginAs(w.member.username)).get('/me/todo')).text).not.toContain('我的草稿');
  });

  it('costs the same number of queries with 3 or 60 entries and their revisions', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.secretary.username);
    const add = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await makeItem(w.branch, 'news', `待审${i}`, [
          { status: 'SUPERSEDED', authorId: w.infoOfficer.id },
          { status: 'REJECTED', authorId: w.secretary.id, reviewedById: w.office.id, note: '退回' },
          { status: 'SUBMITTED', authorId: w.infoOfficer.id },
        ]);
        await makeItem(w.branch, 'honours', `撤下${i}`, [
          { status: 'TAKEN_DOWN', authorId: w.secretary.id, reviewedById: w.office.id, note: '撤' },
        ]);
        await makeItem(w.branch, 'summary', `退回${i}`, [
          { status: 'REJECTED', authorId: w.secretary.id, reviewedById: w.office.id, note: '再改' },
        ]);
      }
    };
    await add(1);
    const small = await coldGet(agent, '/me/todo');
    const a = lastRequestStatements();
    await add(20);
    const large = await coldGet(agent, '/me/todo');
    expect(large.text.match(/待审\d+/g)?.length).toBeGreaterThan(20);
    expect(sqlQueries(large), JSON.stringify({ a, b: lastRequestStatements() }, null, 1)).toBe(sqlQueries(small));
  });
});
