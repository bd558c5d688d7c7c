import { describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs, coldGet, sqlQueries, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';
import { recordFields } from '../helpers/multipart.js';

async function post(agent: Agent, url: string, body: Record<string, unknown>, tokenPage = '/me') {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, tokenPage), ...body });
}

describe('a module page: draft, review, publish, take down', () => {
  it('names who wrote it and who approved it, the same on the site’s tile and on the page', async () => {
    const w = await makeBranchWorld();
    const page = `/units/${w.branch.code}/modules/overview`;
    const info = await loginAs(w.infoOfficer.username);
    const sec = await loginAs(w.secretary.username);
    const member = await loginAs(w.member.username);
    await post(info, `${page}/edit`, { title: '支部概况', body: '<p>支委五人。</p>', baseNumber: 0, intent: 'submit' });
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'PAGE' } });
    await post(sec, `${page}/items/${item.id}/publish`, {});
    const both = `${w.infoOfficer.displayName} 撰写 · ${w.secretary.displayName} 审核`;
    expect((await member.get(page)).text).toContain(both);
    const tile = (await member.get(`/units/${w.branch.code}`)).text;
    expect(tile).toContain(both);

    // the secretary's own save: one name, written and published
    await post(sec, `${page}/edit`, { title: '支部概况', body: '<p>第二版。</p>', baseNumber: 1, intent: 'publish' });
    const own = `${w.secretary.displayName} 撰写并发布`;
    expect((await member.get(page)).text).toContain(own);
    expect((await member.get(`/units/${w.branch.code}`)).text).toContain(own);
  });

  it('goes from an information officer’s draft to the members, through the secretary', async () => {
    const w = await makeBranchWorld();
    const page = `/units/${w.branch.code}/modules/overview`;
    const info = await loginAs(w.infoOfficer.username);
    const sec = await loginAs(w.secretary.username);
    const member = await loginAs(w.member.username);

    const draft = await post(info, `${page}/edit`, {
      title: '支部概况',
      body: '<p>支委共五人。</p><script>alert(1)</script>',
      baseNumber: 0,
      intent: 'submit',
    });
    expect(draft.status).toBe(303);
    expect((await member.get(page)).text).toContain('本模块尚未发布内容');
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'PAGE' } });

    // the secretary sees it waiting and sends it back with a reason
    const waiting = await sec.get(page);
    expect(waiting.text).toContain('待审核');
    expect(waiting.text).toContain('支委共五人。');
    expect(waiting.text).not.toContain('<script>alert(1)</script>');
    await post(sec, `${page}/items/${item.id}/send-back`, { reason: '请补充各委员分工' });
    const back = await info.get(page);
    expect(back.text).toContain('已退回');
    expect(back.text).toContain('请补充各委员分工');

    // revised and resubmitted, then published
    await post(info, `${page}/edit`, {
      title: '支部概况',
      body: '<p>支委共五人，书记张某负责全面工作。</p>',
      baseNumber: 1,
      intent: 'submit',
    });
    await post(sec, `${page}/items/${item.id}/publish`, {});
    const seen = await member.get(page);
    expect(seen.text).toContain('书记张某负责全面工作');
    expect(seen.text).not.toContain('审核通过并发布');
    const status = await testDb().moduleStatus.findFirstOrThrow({ where: { unitId: w.branch.id, moduleId: item.moduleId } });
    expect(status.lastPublishedById).toBe(w.secretary.id);

    // a secretary's own save publishes at once
    await post(sec, `${page}/edit`, { title: '支部概况', body: '<p>第三版：增加联系方式。</p>', baseNumber: 2, intent: 'publish' });
    expect((await member.get(page)).text).toContain('第三版：增加联系方式。');

    // the office takes it down from the page itself: the previous version shows again and the unit sees why
    const office = await loginAs(w.office.username);
    const inspected = await office.get(page);
    expect(inspected.text).toContain('撤下已发布的版本（党务室）');
    expect(inspected.text).not.toContain(`${page}/edit"`);
    await post(office, `${page}/items/${item.id}/take-down`, { reason: '联系方式涉及个人隐私' });
    const after = await member.get(page);
    expect(after.text).toContain('书记张某负责全面工作');
    expect(after.text).not.toContain('第三版');
    expect((await sec.get(page)).text).toContain('联系方式涉及个人隐私');

    const actions = await testDb().auditLog.findMany({
      where: { entityType: 'ContentItem', entityId: String(item.id) },
      select: { action: true },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((a) => a.action)).toEqual([
      'content.submitted',
      'content.sent_back',
      'content.submitted',
      'content.approved',
      'content.published',
      'content.taken_down',
    ]);
  });

  it('shows the office a record that is still a draft, read-only, as its history does; others get 404', async () => {
    const w = await makeBranchWorld();
    const records = `/units/${w.branch.code}/modules/meetings`;
    const info = await loginAs(w.infoOfficer.username);
    const saved = await post(info, `${records}/records`, {
      ...recordFields({
        meetingType: '支委会',
        date: '2026-11-20',
        time: '14:30',
        place: '会议室',
        host: '张建国',
        recorder: '王志峰',
        due: 5,
        present: 5,
        topics: '研究冬季安全检查',
        content: '会议研究了冬季安全检查的分工。',
      }),
      baseNumber: 0,
      intent: 'submit',
    });
    expect(saved.status).toBe(303);
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'RECORD' } });
    const url = `${records}/records/${item.id}`;
    const office = await (await loginAs(w.office.username)).get(url);
    expect(office.status).toBe(200);
    expect(office.text).toContain('未发布的版本：第 1 版');
    expect(office.text).toContain('研究冬季安全检查');
    expect(office.text).not.toContain('审核通过并发布');
    expect(office.text).not.toContain(`${url}/edit"`);
    expect((await (await loginAs(w.member.username)).get(url)).status).toBe(404);
  });

  it('refuses the second of two concurrent saves, showing both versions and keeping the typed text', async () => {
    const w = await makeBranchWorld();
    const page = `/units/${w.branch.code}/modules/plan`;
    const sec = await loginAs(w.secretary.username);
    const org = await loginAs(w.orgMember.username);
    await post(sec, `${page}/edit`, { title: '年度计划', body: '<p>初稿</p>', baseNumber: 0, intent: 'publish' });
    await post(sec, `${page}/edit`, { title: '年度计划', body: '<p>书记的修改</p>', baseNumber: 1, intent: 'publish' });
    const res = await post(org, `${page}/edit`, {
      title: '年度计划',
      body: '<p>组织委员基于初稿的修改</p>',
      baseNumber: 1,
      intent: 'draft',
    });
    expect(res.status).toBe(409);
    expect(res.text).toContain('已有他人保存了新的版本');
    expect(res.text).toContain('书记的修改');
    expect(res.text).toContain('组织委员基于初稿的修改');
    expect(res.text).toContain('name="baseNumber" value="2"');
    expect(await testDb().revision.count({ where: { item: { unitId: w.branch.id } } })).toBe(2);
  });

  it('lets only the unit’s editors edit, and nobody on an archived unit', async () => {
    const w = await makeBranchWorld();
    const page = `/units/${w.branch.code}/modules/overview/edit`;
    expect((await anonymous().get(page)).headers.location).toContain('/login');
    expect((await (await loginAs(w.member.username)).get(page)).status).toBe(403);
    expect((await (await loginAs(w.otherSecretary.username)).get(page)).status).toBe(403);
    expect((await (await loginAs(w.office.username)).get(page)).status).toBe(403);
    const sec = await loginAs(w.secretary.username);
    expect((await sec.get(page)).status).toBe(200);
    await testDb().unit.update({ where: { id: w.branch.id }, data: { archivedAt: new Date() } });
    expect((await sec.get(page)).status).toBe(403);
    expect((await post(sec, page, { title: 't', body: '<p>x</p>', baseNumber: 0, intent: 'publish' })).status).toBe(403);
  });

  it('shows the committee office as the committee site’s secretary', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const res = await post(office, `/units/${w.committee.code}/modules/plan/edit`, {
      title: '党委年度工作要点',
      body: '<p>要点一</p>',
      baseNumber: 0,
      intent: 'publish',
    });
    expect(res.status).toBe(303);
    expect((await (await loginAs(w.member.username)).get(`/units/${w.committee.code}/modules/plan`)).text).toContain('要点一');
  });

  it('asks for a title and body in Chinese and keeps what was typed', async () => {
    const w = await makeBranchWorld();
    const info = await loginAs(w.infoOfficer.username);
    const res = await post(info, `/units/${w.branch.code}/modules/overview/edit`, {
      title: '',
      body: '<p>保留我</p>',
      baseNumber: 0,
      intent: 'draft',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('请填写标题');
    expect(res.text).toContain('保留我');
  });

  it('compares revisions side by side and restores an old one as a new revision', async () => {
    const w = await makeBranchWorld();
    const page = `/units/${w.branch.code}/modules/rules`;
    const sec = await loginAs(w.secretary.username);
    await post(sec, `${page}/edit`, { title: '制度职责', body: '<p>每月召开支委会。</p>', baseNumber: 0, intent: 'publish' });
    await post(sec, `${page}/edit`, { title: '制度职责', body: '<p>每月召开两次支委会。</p>', baseNumber: 1, intent: 'publish' });
    const cmp = await sec.get(`${page}/revisions?a=1&b=2`);
    expect(cmp.status).toBe(200);
    expect(cmp.text).toContain('<ins>两次</ins>');
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'PAGE' } });
    await post(sec, `${page}/items/${item.id}/restore`, { number: 1, intent: 'publish' });
    const member = await loginAs(w.member.username);
    const now = await member.get(page);
    expect(now.text).toContain('每月召开支委会。');
    expect((await testDb().contentItem.findUniqueOrThrow({ where: { id: item.id } })).headNumber).toBe(3);
    // readers see only what was once public in the history
    expect((await member.get(`${page}/revisions`)).text).toContain('第 3 版');
  });

  it('costs the same number of queries with 2 or 21 revisions', async () => {
    const w = await makeBranchWorld();
    const page = `/units/${w.branch.code}/modules/overview`;
    const sec = await loginAs(w.secretary.username);
    for (let i = 0; i < 2; i++) await post(sec, `${page}/edit`, { title: '概况', body: `<p>${i}</p>`, baseNumber: i, intent: 'publish' });
    const small = sqlQueries(await coldGet(sec, page));
    for (let i = 2; i < 21; i++)
      await post(sec, `${page}/edit`, { title: '概况', body: `<p>${i}</p>`, baseNumber: i, intent: i % 2 ? 'draft' : 'publish' });
    expect(sqlQueries(await coldGet(sec, page))).toBe(small);
  });
});
