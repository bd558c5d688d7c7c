import { describe, expect, it } from 'vitest';
import { csrfOf, loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson } from '../helpers/factories.js';
import { noticeVisibleWhere } from '../../src/domain/notices/notice.policy.js';
import { unitNotices, unreadCount } from '../../src/domain/notices/notices.queries.js';
import { issue, noticeIdOf, noticeWorld } from './helpers.js';

describe('who a notice is addressed to', () => {
  it('reaches every employee, only party members, or only the chosen units (with their party groups)', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const tag = w.branch.code;
    const all = noticeIdOf(await issue(office, w.committee.code, { title: `全体员工通知${tag}`, audience: 'ALL' }));
    const members = noticeIdOf(await issue(office, w.committee.code, { title: `全体党员通知${tag}`, audience: 'MEMBERS' }));
    const units = noticeIdOf(
      await issue(office, w.committee.code, { title: `指定支部通知${tag}`, audience: 'UNITS', units: [w.branch.id] }),
    );
    const unitMembers = noticeIdOf(
      await issue(office, w.committee.code, {
        title: `指定支部党员通知${tag}`,
        audience: 'UNITS',
        units: [w.branch.id],
        membersOnly: 'on',
      }),
    );

    const sees = async (username: string) => {
      const text = (await (await loginAs(username)).get('/notices')).text;
      return ['全体员工', '全体党员', '指定支部', '指定支部党员'].filter((t) => text.includes(`>${t}通知${tag}<`));
    };
    expect(await sees(w.member.username)).toEqual(['全体员工', '全体党员', '指定支部', '指定支部党员']);
    expect(await sees(w.groupMember.username)).toEqual(['全体员工', '全体党员', '指定支部', '指定支部党员']);
    expect(await sees(w.staff.username)).toEqual(['全体员工', '指定支部']);
    expect(await sees(w.otherSecretary.username)).toEqual(['全体员工', '全体党员']);
    const masses = await makePerson({ homeUnitId: w.other.id });
    expect(await sees(masses.username)).toEqual(['全体员工']);

    // direct access outside the audience: as if it did not exist
    const outsider = await loginAs(w.otherSecretary.username);
    expect((await outsider.get(`/notices/${units}`)).status).toBe(404);
    expect((await outsider.get(`/notices/${unitMembers}`)).status).toBe(404);
    const staff = await loginAs(w.staff.username);
    expect((await staff.get(`/notices/${members}`)).status).toBe(404);
    expect((await staff.get(`/notices/${unitMembers}`)).status).toBe(404);
    expect((await staff.get(`/notices/${units}`)).status).toBe(200);
    expect((await staff.get(`/notices/${all}`)).status).toBe(200);
    // and no receipt was written for the refused look
    expect(await testDb().noticeReceipt.count({ where: { noticeId: { in: [units, unitMembers] }, personId: w.otherSecretary.id } })).toBe(
      0,
    );
  });

  it('shows a draft only to its issuer', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const id = noticeIdOf(await issue(office, w.committee.code, { title: '草稿通知', intent: 'draft' }));
    expect((await office.get(`/notices/${id}`)).text).toContain('草稿');
    expect((await (await loginAs(w.member.username)).get(`/notices/${id}`)).status).toBe(404);
    expect((await (await loginAs(w.member.username)).get('/notices')).text).not.toContain(`/notices/${id}"`);
  });

  it('lets a branch secretary write to their own branch only', async () => {
    const w = await noticeWorld();
    const sec = await loginAs(w.secretary.username);
    const title = `支部通知${w.branch.code}`;
    const id = noticeIdOf(await issue(sec, w.branch.code, { title, issuer: w.branch.name, audience: 'UNITS', units: [w.group.id] }));
    expect((await (await loginAs(w.groupMember.username)).get(`/notices/${id}`)).text).toContain(title);
    expect((await (await loginAs(w.member.username)).get(`/notices/${id}`)).status).toBe(404);

    const toAll = await issue(sec, w.branch.code, { title: '越权通知', audience: 'ALL' });
    expect(toAll.status).toBe(400);
    expect(toAll.text).toContain('支部发布的通知只能发给本支部');
    const toOther = await issue(sec, w.branch.code, { title: '越权通知', audience: 'UNITS', units: [w.other.id] });
    expect(toOther.status).toBe(400);
    expect(toOther.text).toContain('所选接收单位不在本单位管辖范围内');
    expect(toOther.text).toContain('value="越权通知"');
    expect(await testDb().notice.count({ where: { title: '越权通知' } })).toBe(0);
  });

  it('lists the committee’s notices in its 文件通知 module, as the viewer may read them', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    await issue(office, w.committee.code, { title: `党委通知甲${w.committee.code}`, audience: 'ALL' });
    await issue(office, w.committee.code, { title: `党委党员通知${w.committee.code}`, audience: 'MEMBERS' });
    const page = `/units/${w.committee.code}/modules/notices`;
    const member = await (await loginAs(w.member.username)).get(page);
    expect(member.status).toBe(200);
    expect(member.text).toContain(`党委通知甲${w.committee.code}`);
    expect(member.text).toContain(`党委党员通知${w.committee.code}`);
    const staff = await (await loginAs(w.staff.username)).get(page);
    expect(staff.text).toContain(`党委通知甲${w.committee.code}`);
    expect(staff.text).not.toContain(`党委党员通知${w.committee.code}`);
    expect((await office.get(page)).text).toContain('起草通知');
    expect(staff.text).not.toContain('起草通知');
  });

  it('gives a branch what it issued and what was sent to it (the 文件通知 view of a branch site)', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const sec = await loginAs(w.secretary.username);
    const tag = w.branch.code;
    await issue(office, w.committee.code, { title: `发给本支部${tag}`, audience: 'UNITS', units: [w.branch.id] });
    await issue(office, w.committee.code, { title: `发给其他支部${tag}`, audience: 'UNITS', units: [w.other.id] });
    await issue(office, w.committee.code, { title: `发给全体${tag}`, audience: 'ALL' });
    await issue(sec, w.branch.code, { title: `本支部发出${tag}`, audience: 'UNITS', units: [w.group.id] });
    const titles = async (person: { id: number; homeUnitId: number | null; partyStatus: string }) =>
      (await unitNotices(testDb(), person, w.branch, 1)).rows
        .map((r) => r.title)
        .filter((t) => t.endsWith(tag))
        .sort();
    // the group member reads all three meant for the branch; the branch's own notice went to the group only
    expect(await titles(w.groupMember)).toEqual([`发给全体${tag}`, `发给本支部${tag}`, `本支部发出${tag}`].sort());
    expect(await titles(w.member)).toEqual([`发给全体${tag}`, `发给本支部${tag}`].sort());
    expect(await titles(w.otherSecretary)).toEqual([`发给全体${tag}`]);
  });

  it('counts unread notices beside 文件通知 in the header, and marks them in the list', async () => {
    const w = await noticeWorld();
    const member = await loginAs(w.member.username);
    const unread = async () => Number(/未读 (\d+)<\/span><\/a>/.exec((await member.get('/me')).text)?.[1] ?? 0);
    const before = await unread();
    const id = noticeIdOf(
      await issue(await loginAs(w.office.username), w.committee.code, { title: '新的通知', audience: 'UNITS', units: [w.branch.id] }),
    );
    expect(await unread()).toBe(before + 1);
    const list = (await member.get('/notices')).text;
    expect(list).toMatch(new RegExp(`<span class="badge bad">未读</span>\\s*<a href="/notices/${id}">`));
    // the page of the notice just opened already counts it as read (the session's count was read before the receipt)
    const opened = (await member.get(`/notices/${id}`)).text;
    expect(Number(/未读 (\d+)<\/span><\/a>/.exec(opened)?.[1] ?? 0)).toBe(before);
    expect(await unread()).toBe(before);
    expect((await member.get('/notices')).text).not.toMatch(new RegExp(`未读</span>\\s*<a href="/notices/${id}">`));
  });
});

describe('the unread count in the header', () => {
  it('counts exactly the published notices addressed to each kind of reader that they have not opened', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const tag = `计数${w.branch.code}`;
    for (const [audience, extra] of [
      ['ALL', {}],
      ['MEMBERS', {}],
      ['UNITS', { units: [w.branch.id] }],
      ['UNITS', { units: [w.branch.id], membersOnly: 'on' }],
      ['UNITS', { units: [w.other.id] }],
    ] as const) {
      noticeIdOf(await issue(office, w.committee.code, { title: `${audience}${tag}`, audience, ...extra }));
    }
    const withdrawn = noticeIdOf(await issue(office, w.committee.code, { title: `撤回${tag}` }));
    const _csrf = await csrfOf(office, `/notices/${withdrawn}`);
    await office.post(`/notices/${withdrawn}/withdraw`).type('form').send({ _csrf, reason: '发错了' });
    const masses = await makePerson({ homeUnitId: w.other.id });
    const noUnit = await makePerson();
    const readers = [w.member, w.groupMember, w.staff, w.otherSecretary, masses, noUnit];
    const badge = async (username: string) =>
      Number(/未读 (\d+)<\/span><\/a>/.exec((await (await loginAs(username)).get('/me')).text)?.[1] ?? 0);
    for (const p of readers) {
      const person = (await testDb().person.findUniqueOrThrow({ where: { id: p.id } }))!;
      const expected = await testDb().notice.count({
        where: { AND: [noticeVisibleWhere(person), { status: 'PUBLISHED', receipts: { none: { personId: p.id } } }] },
      });
      expect(await unreadCount(testDb(), person), p.username).toBe(expected);
      expect(await badge(p.username), p.username).toBe(expected);
    }
  });
});
