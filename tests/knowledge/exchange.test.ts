import { describe, expect, it } from 'vitest';
import { mostUsefulThisQuarter, quarterBounds } from '../../src/domain/exchange/exchange.queries.js';
import { anonymous, loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson } from '../helpers/factories.js';
import { makeRecord, post, uniq } from './helpers.js';

describe('exchange: branches’ featured work across the company', () => {
  it('sends anonymous visitors to the login page', async () => {
    const w = await makeBranchWorld();
    const item = await makeRecord({ unitId: w.branch.id, authorId: w.secretary.id });
    for (const url of ['/exchange', `/exchange/${item.id}`]) expect((await anonymous().get(url)).headers.location).toContain('/login');
    expect((await anonymous().post(`/exchange/${item.id}/useful`)).status).toBe(403);
  });

  it('lists only published featured-work records, newest first, filtered by unit', async () => {
    const w = await makeBranchWorld();
    const by = { unitId: w.branch.id, authorId: w.secretary.id };
    const older = await makeRecord({ ...by, date: '2026-03-01', practice: '“党员责任区”包保到人，每月巡查一次设备隐患。' });
    const newer = await makeRecord({ ...by, date: '2026-10-01' });
    const draft = await makeRecord({ ...by, status: 'DRAFT' });
    const waiting = await makeRecord({ ...by, status: 'SUBMITTED' });
    const takenDown = await makeRecord({ ...by, status: 'TAKEN_DOWN' });
    const deleted = await makeRecord({ ...by, deleted: true });
    const news = await makeRecord({ ...by, moduleKey: 'news' });
    const elsewhere = await makeRecord({ unitId: w.other.id, authorId: w.otherSecretary.id });
    const staff = await loginAs(w.staff.username);

    const res = await staff.get(`/exchange?unit=${w.branch.code}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(older.title);
    expect(res.text).toContain('“党员责任区”包保到人');
    expect(res.text).toContain(`/units/${w.branch.code}/modules/featured/records/${older.id}`);
    expect(res.text.indexOf(newer.title)).toBeLessThan(res.text.indexOf(older.title));
    for (const hidden of [draft, waiting, takenDown, deleted, news, elsewhere]) expect(res.text).not.toContain(hidden.title);
    expect((await staff.get('/exchange')).text).toContain(elsewhere.title);
    expect((await staff.get('/exchange?unit=nosuchunit')).text).toContain('暂无已发布的特色工作');
    for (const hidden of [draft, takenDown, deleted, news]) expect((await staff.get(`/exchange/${hidden.id}`)).status).toBe(404);
    expect((await staff.get(`/exchange/${newer.id}`)).status).toBe(200);
  });

  it('takes comments from anyone, escaped; the author deletes their own, not others’', async () => {
    const w = await makeBranchWorld();
    const item = await makeRecord({ unitId: w.branch.id, authorId: w.secretary.id });
    const staff = await loginAs(w.staff.username);
    const member = await loginAs(w.member.username);

    const empty = await post(staff, `/exchange/${item.id}/comments`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写评论内容');
    const long = await post(staff, `/exchange/${item.id}/comments`, { body: '长'.repeat(1001) });
    expect(long.status).toBe(400);
    expect(long.text).toContain('评论内容不能超过 1000 个字');
    expect(long.text).toContain('长'.repeat(50));

    const said = await post(staff, `/exchange/${item.id}/comments`, { body: '我们车间也想试试<script>alert(1)</script>' });
    expect(said.status).toBe(303);
    const comment = await testDb().exchangeComment.findFirstOrThrow({ where: { itemId: item.id } });
    expect(said.headers.location).toBe(`/exchange/${item.id}#comment-${comment.id}`);
    const page = await member.get(`/exchange/${item.id}`);
    expect(page.text).toContain('我们车间也想试试&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).not.toContain(`/comments/${comment.id}/delete`);

    expect((await post(member, `/exchange/${item.id}/comments/${comment.id}/delete`, {})).status).toBe(403);
    expect((await post(member, `/exchange/${item.id}/comments/999999999/delete`, {})).status).toBe(404);
    expect(await testDb().exchangeComment.count({ where: { itemId: item.id } })).toBe(1);
    expect((await staff.get(`/exchange/${item.id}`)).text).toContain(`/comments/${comment.id}/delete`);
    expect((await post(staff, `/exchange/${item.id}/comments/${comment.id}/delete`, {})).status).toBe(303);
    expect(await testDb().exchangeComment.count({ where: { itemId: item.id } })).toBe(0);
    expect((await member.get(`/exchange/${item.id}`)).text).toContain('还没有评论');
  });

  it('lets the office hide a comment with a reason that everyone sees', async () => {
    const w = await makeBranchWorld();
    const item = await makeRecord({ unitId: w.branch.id, authorId: w.secretary.id });
    const body = uniq('与本经验无关的广告');
    const c = await testDb().exchangeComment.create({ data: { itemId: item.id, authorId: w.staff.id, body } });
    const member = await loginAs(w.member.username);
    const office = await loginAs(w.office.username);
    expect((await member.get(`/exchange/${item.id}`)).text).not.toContain(`/comments/${c.id}/hide`);
    expect((await post(member, `/exchange/${item.id}/comments/${c.id}/hide`, { reason: '广告' })).status).toBe(403);
    expect((await post(await loginAs(w.secretary.username), `/exchange/${item.id}/comments/${c.id}/hide`, { reason: '广告' })).status).toBe(
      403,
    );

    const noReason = await post(office, `/exchange/${item.id}/comments/${c.id}/hide`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('请填写隐藏原因');
    expect(noReason.text).toMatch(/<details open>/);

    expect((await post(office, `/exchange/${item.id}/comments/${c.id}/hide`, { reason: '与交流内容无关' })).status).toBe(303);
    const seen = await member.get(`/exchange/${item.id}`);
    expect(seen.text).toContain('该评论已被党务室隐藏。原因：与交流内容无关');
    expect(seen.text).not.toContain(body);
    expect((await office.get(`/exchange/${item.id}`)).text).toContain(`原文：${body}`);
    const again = await post(office, `/exchange/${item.id}/comments/${c.id}/hide`, { reason: '再次' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('该评论已被隐藏');
    const row = await testDb().exchangeComment.findUniqueOrThrow({ where: { id: c.id } });
    expect([row.hiddenById, row.hiddenReason]).toEqual([w.office.id, '与交流内容无关']);
    expect(await testDb().auditLog.count({ where: { action: 'exchange.comment_hidden', entityId: String(c.id) } })).toBe(1);
  });

  it('counts one 有用 per person, a second press taking it back', async () => {
    const w = await makeBranchWorld();
    const item = await makeRecord({ unitId: w.branch.id, authorId: w.secretary.id });
    const member = await loginAs(w.member.username);
    const staff = await loginAs(w.staff.username);
    expect((await post(member, `/exchange/${item.id}/useful`, {})).status).toBe(303);
    expect((await member.get(`/exchange/${item.id}`)).text).toContain('<strong>1</strong> 人觉得有用');
    await post(staff, `/exchange/${item.id}/useful`, {});
    expect((await staff.get(`/exchange?unit=${w.branch.code}`)).text).toContain('有用 2');
    await post(member, `/exchange/${item.id}/useful`, {});
    expect(await testDb().exchangeMark.findMany({ where: { itemId: item.id }, select: { personId: true } })).toEqual([
      { personId: w.staff.id },
    ]);
    expect((await member.get(`/exchange/${item.id}`)).text).toContain('<strong>1</strong> 人觉得有用');
  });

  it('takes no comments or marks on an archived branch’s work, which stays readable', async () => {
    const w = await makeBranchWorld();
    const item = await makeRecord({ unitId: w.branch.id, authorId: w.secretary.id });
    await testDb().unit.update({ where: { id: w.branch.id }, data: { archivedAt: new Date() } });
    const member = await loginAs(w.member.username);
    const page = await member.get(`/exchange/${item.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('不再接受评论');
    expect((await post(member, `/exchange/${item.id}/comments`, { body: '好' })).status).toBe(403);
    expect((await post(member, `/exchange/${item.id}/useful`, {})).status).toBe(403);
  });

  it('ranks this quarter’s most useful featured work by the marks given this quarter', async () => {
    const w = await makeBranchWorld();
    const people = await Promise.all([1, 2, 3].map(() => makePerson()));
    const by = { unitId: w.branch.id, authorId: w.secretary.id };
    const [top, second, old, draft] = await Promise.all([
      makeRecord(by),
      makeRecord(by),
      makeRecord(by),
      makeRecord({ ...by, status: 'DRAFT' }),
    ]);
    const now = new Date(Date.UTC(2031, 4, 15));
    const inQuarter = new Date(Date.UTC(2031, 3, 2));
    const lastQuarter = new Date(Date.UTC(2031, 2, 31, 23));
    await testDb().exchangeMark.createMany({
      data: [
        ...people.map((p) => ({ itemId: top.id, personId: p.id, createdAt: inQuarter })),
        ...people.slice(0, 2).map((p) => ({ itemId: second.id, personId: p.id, createdAt: inQuarter })),
        ...people.map((p) => ({ itemId: old.id, personId: p.id, createdAt: lastQuarter })),
        { itemId: old.id, personId: w.member.id, createdAt: inQuarter },
        ...people.map((p) => ({ itemId: draft.id, personId: p.id, createdAt: inQuarter })),
      ],
    });
    const ranked = await mostUsefulThisQuarter(testDb(), 5, now);
    expect(ranked.map((r) => [r.itemId, r.useful])).toEqual([
      [top.id, 3],
      [second.id, 2],
      [old.id, 1],
    ]);
    expect(ranked[0]).toMatchObject({ title: top.title, unitCode: w.branch.code, unitName: w.branch.name, href: `/exchange/${top.id}` });
    expect((await mostUsefulThisQuarter(testDb(), 2, now)).map((r) => r.itemId)).toEqual([top.id, second.id]);
    expect(quarterBounds(now)).toEqual({ from: new Date(Date.UTC(2031, 3, 1)), to: new Date(Date.UTC(2031, 6, 1)) });
  });

  it('costs the same number of queries with 3 or 30 records, comments and marks', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.member.username);
    const item = await makeRecord({ unitId: w.branch.id, authorId: w.secretary.id });
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const r = await makeRecord({ unitId: i % 2 ? w.branch.id : w.other.id, authorId: w.secretary.id });
        const p = await makePerson();
        await testDb().exchangeComment.createMany({
          data: [
            { itemId: r.id, authorId: p.id, body: '学习了' },
            { itemId: item.id, authorId: p.id, body: `评论${i}` },
          ],
        });
        await testDb().exchangeMark.createMany({
          data: [
            { itemId: r.id, personId: p.id },
            { itemId: item.id, personId: p.id },
          ],
        });
      }
    };
    const pages = ['/exchange', `/exchange?unit=${w.branch.code}`, `/exchange/${item.id}`];
    await grow(3);
    const small = await Promise.all(pages.map(async (p) => sqlQueries(await coldGet(agent, p))));
    await grow(27);
    const large = await Promise.all(pages.map(async (p) => sqlQueries(await coldGet(agent, p))));
    expect(small[0]).toBeGreaterThan(0);
    expect(large).toEqual(small);
  });
});
