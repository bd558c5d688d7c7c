import { describe, expect, it } from 'vitest';
import { loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson } from '../helpers/factories.js';
import { makeVoice } from '../voices/voice-helpers.js';

const year = new Date().getUTCFullYear();

async function notice(unitId: number, createdById: number, title: string, opts: { ack?: boolean; at?: Date } = {}) {
  return testDb().notice.create({
    data: {
      unitId,
      title,
      issuer: '党委',
      audience: 'ALL',
      status: 'PUBLISHED',
      publishedAt: opts.at ?? new Date(),
      ackRequired: opts.ack ?? false,
      createdById,
    },
  });
}

describe('the home page', () => {
  it('shows the committee’s board at a glance, unread notices first, what waits for the person and the unit directory', async () => {
    const w = await makeBranchWorld();
    const db = testDb();
    // the home page shows the first committee; the test world's committee stands in for it when none came before
    const committee = await db.unit.findFirstOrThrow({ where: { kind: 'COMMITTEE', archivedAt: null }, orderBy: { id: 'asc' } });
    await db.target.create({
      data: {
        unitId: committee.id,
        year,
        kind: 'MUST',
        title: `首页目标${w.branch.code}`,
        measure: '按期 ÷ 应',
        uom: '%',
        direction: 'HIGHER',
        targetValue: 95,
        period: 'MONTHLY',
      },
    });
    const reader = await makePerson({ homeUnitId: w.branch.id, roles: [{ role: 'MEMBER', unitId: w.branch.id }] });
    // published ahead of every other test's notices, so both are among the newest the home page shows
    const read = await notice(committee.id, w.office.id, `已读通知${w.branch.code}`, { at: new Date(Date.now() + 3650 * 86_400_000) });
    await notice(committee.id, w.office.id, `未读通知${w.branch.code}`, {
      ack: true,
      at: new Date(Date.now() + 3650 * 86_400_000 - 60_000),
    });
    await db.noticeReceipt.create({ data: { noticeId: read.id, personId: reader.id, readAt: new Date() } });

    const res = await (await loginAs(reader.username)).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('党委方针管理板');
    expect(res.text).toContain(`首页目标${w.branch.code}`);
    expect(res.text).toContain(`未读通知${w.branch.code}`);
    // unread first: in the list, no unread notice comes after one already read
    const list = res.text.slice(res.text.indexOf('最新通知'), res.text.indexOf('全部通知'));
    const marks = [...list.matchAll(/<li class="(unread|)">/g)].map((m) => m[1]);
    expect(marks.length).toBeGreaterThan(0);
    const firstRead = marks.indexOf('');
    if (firstRead >= 0) expect(marks.lastIndexOf('unread')).toBeLessThan(firstRead);
    expect(res.text).toMatch(/待确认的通知<\/a> <strong class="bad">\d+<\/strong>/);
    expect(res.text).toContain(w.branch.name);
  });

  it('shows each person their own page around the parts rendered once for everyone, and a change in them at once', async () => {
    const w = await makeBranchWorld();
    const first = await (await loginAs(w.member.username)).get('/');
    const second = await (await loginAs(w.staff.username)).get('/');
    for (const [res, me, other] of [
      [first, w.member, w.staff],
      [second, w.staff, w.member],
    ] as const) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain(`您好，${me.displayName}`);
      expect(res.text).not.toContain(other.displayName);
      expect(res.text).toContain('党委方针管理板');
      expect(res.text).toContain(`href="/units/${w.branch.code}"`);
      expect(res.text).not.toContain('<!--part:');
    }
    await testDb().unit.update({ where: { id: w.branch.id }, data: { name: `${w.branch.name}（更名）` } });
    expect((await (await loginAs(w.member.username)).get('/')).text).toContain(`${w.branch.name}（更名）`);
  });

  it('costs the same number of queries with more notices, targets and units', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.member.username);
    await agent.get('/');
    const before = sqlQueries(await coldGet(agent, '/'));
    const committee = await testDb().unit.findFirstOrThrow({ where: { kind: 'COMMITTEE', archivedAt: null }, orderBy: { id: 'asc' } });
    for (let i = 0; i < 8; i++) {
      await notice(committee.id, w.office.id, `批量通知${i}`);
      await testDb().target.create({
        data: {
          unitId: committee.id,
          year,
          kind: 'MUST',
          title: `批量目标${i}`,
          measure: 'x',
          uom: '%',
          direction: 'HIGHER',
          targetValue: 90,
          period: 'MONTHLY',
        },
      });
    }
    await makeBranchWorld();
    expect(sqlQueries(await coldGet(agent, '/'))).toBe(before);
  });
});

describe('the unit directory', () => {
  it('counts the party members of a branch’s party groups with the branch', async () => {
    const w = await makeBranchWorld();
    const group = await testDb().unit.create({
      data: {
        code: `g${w.branch.code}`,
        name: `${w.branch.name}第一党小组`,
        kind: 'PARTY_GROUP',
        parentId: w.branch.id,
        location: '十堰',
        factory: '部件一厂',
      },
    });
    await makePerson({ homeUnitId: group.id, partyStatus: 'FULL' });
    await makePerson({ homeUnitId: group.id, partyStatus: 'PROBATIONARY' });
    await makePerson({ homeUnitId: group.id, partyStatus: 'MASSES' });
    const res = await (await loginAs(w.staff.username)).get('/units');
    const row = res.text.slice(res.text.indexOf(`href="/units/${w.branch.code}"`));
    // the branch's own secretary, officers and member (makeBranchWorld) plus the two in its party group
    const own = await testDb().person.count({ where: { homeUnitId: w.branch.id, partyStatus: { in: ['FULL', 'PROBATIONARY'] } } });
    expect(row.slice(0, row.indexOf('</tr>'))).toContain(`<td class="num">${own + 2}</td>`);
  });
});

describe("the home page's to-do", () => {
  it('shows the same lists as 我的待办, only those that apply: voices to answer for the secretary, no review counts for a member', async () => {
    const w = await makeBranchWorld();
    const title = `待答复心声${w.branch.code}`;
    await makeVoice({ unitId: w.branch.id, authorId: w.member.id, title });

    const sec = await loginAs(w.secretary.username);
    const home = (await sec.get('/')).text;
    const todo = (await sec.get('/me/todo')).text;
    expect(todo).toContain(title);
    expect(home).toMatch(/<a href="\/me\/todo#todo-voices">待答复的心声<\/a> <strong class="bad">\d+<\/strong>/);

    const member = await loginAs(w.member.username);
    const mine = (await member.get('/')).text;
    expect(mine).not.toContain('待我审核');
    expect(mine).not.toContain('被退回的草稿');
    expect(mine).not.toContain('待答复的心声');
  });
});

describe("the home page's notices", () => {
  it('does not call a withdrawn notice 未读', async () => {
    const w = await makeBranchWorld();
    const committee = await testDb().unit.findFirstOrThrow({ where: { kind: 'COMMITTEE' } });
    const n = await notice(committee.id, w.office.id, `撤回通知${w.branch.code}`, { at: new Date(Date.now() + 3651 * 86_400_000) });
    await testDb().notice.update({ where: { id: n.id }, data: { status: 'WITHDRAWN', withdrawnAt: new Date(), withdrawReason: '发错了' } });
    // every other notice read, so that the home page's six include this one
    const others = await testDb().notice.findMany({ where: { id: { not: n.id } }, select: { id: true } });
    await testDb().noticeReceipt.createMany({ data: others.map((o) => ({ noticeId: o.id, personId: w.member.id, readAt: new Date() })) });
    const home = (await (await loginAs(w.member.username)).get('/')).text;
    const line = new RegExp(`<li class="([^"]*)">(.*?)<a href="/notices/${n.id}">`).exec(home);
    expect(line).not.toBeNull();
    expect(line![1]).toBe('');
    expect(line![2]).not.toContain('未读');
    expect(line![2]).toContain('已撤回');
  });
});
