import { describe, expect, it } from 'vitest';
import { anonymous, loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, makeUnit } from '../helpers/factories.js';
import { makeArticle, post, uniq } from './helpers.js';

describe('knowledge: the office edits, everyone reads', () => {
  it('sends anonymous visitors to the login page', async () => {
    const office = await makePerson({ roles: [{ role: 'OFFICE' }] });
    const a = await makeArticle({ title: uniq('党的纪律'), authorId: office.id });
    for (const url of ['/knowledge', '/knowledge/new', `/knowledge/${a.id}`, `/knowledge/${a.id}/revisions`, `/knowledge/${a.id}/edit`]) {
      const res = await anonymous().get(url);
      expect(res.status, url).toBe(303);
      expect(res.headers.location).toContain('/login');
    }
  });

  it('lets the office write, revise, compare and restore, every save a revision', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const title = uniq('党员发展工作流程');

    const form = await office.get('/knowledge/new?category=GUIDES');
    expect(form.status).toBe(200);
    expect(form.text).toContain('/public/vendor/quill/quill.js');
    expect(form.text).toContain('/public/js/editor.js');
    expect(form.text).toMatch(/<option value="GUIDES" selected>/);

    const created = await post(office, '/knowledge', {
      category: 'GUIDES',
      title,
      body: '<p>入党申请人向党组织提出入党申请。</p>',
      baseNumber: 0,
    });
    expect(created.status).toBe(303);
    const article = await testDb().article.findFirstOrThrow({ where: { title } });
    expect(created.headers.location).toBe(`/knowledge/${article.id}`);
    expect((await office.get(created.headers.location)).text).toContain('文章已发布');

    const edited = await post(office, `/knowledge/${article.id}/edit`, {
      category: 'GUIDES',
      title,
      body: '<p>入党申请人向所在单位党组织提出书面入党申请。</p>',
      baseNumber: 1,
    });
    expect(edited.status).toBe(303);
    const shown = await office.get(`/knowledge/${article.id}`);
    expect(shown.text).toContain('已保存为第 2 版');
    expect(shown.text).toContain('所在单位党组织提出书面入党申请');

    const cmp = await office.get(`/knowledge/${article.id}/revisions?a=1&b=2`);
    expect(cmp.status).toBe(200);
    expect(cmp.text).toContain('对比：第 1 版 与 第 2 版');
    expect(cmp.text).toContain('<ins>所在单位</ins>');
    expect(cmp.text).toContain('<ins>书面</ins>');
    expect((await office.get(`/knowledge/${article.id}/revisions?a=1&b=9`)).status).toBe(404);

    const restored = await post(office, `/knowledge/${article.id}/restore`, { number: 1 });
    expect(restored.status).toBe(303);
    const member = await loginAs(w.member.username);
    const now = await member.get(`/knowledge/${article.id}`);
    expect(now.status).toBe(200);
    expect(now.text).toContain('入党申请人向党组织提出入党申请。');
    expect(now.text).not.toContain('书面入党申请');
    const revs = await testDb().articleRevision.findMany({ where: { articleId: article.id }, orderBy: { number: 'asc' } });
    expect(revs.map((r) => [r.number, r.authorId, r.restoredFrom])).toEqual([
      [1, w.office.id, null],
      [2, w.office.id, null],
      [3, w.office.id, 1],
    ]);
    const history = await member.get(`/knowledge/${article.id}/revisions`);
    expect(history.text).toContain('恢复自第 1 版');
    expect(history.text).not.toContain('恢复为新版本');

    const actions = await testDb().auditLog.findMany({
      where: { entityType: 'Article', entityId: String(article.id) },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(['knowledge.created', 'knowledge.revised', 'knowledge.restored']);
  });

  it('lets the administrator edit too', async () => {
    const admin = await makePerson({ roles: [{ role: 'ADMIN' }] });
    const agent = await loginAs(admin.username);
    const res = await post(agent, '/knowledge', {
      category: 'BASICS',
      title: uniq('党的性质'),
      body: '<p>中国共产党是中国工人阶级的先锋队。</p>',
    });
    expect(res.status).toBe(303);
  });

  it('refuses everyone else’s edits with 403 but lets them read', async () => {
    const w = await makeBranchWorld();
    const a = await makeArticle({ title: uniq('党费收缴标准'), authorId: w.office.id });
    for (const person of [w.secretary, w.member, w.staff]) {
      const agent = await loginAs(person.username);
      expect((await agent.get('/knowledge')).status).toBe(200);
      expect((await agent.get(`/knowledge/${a.id}`)).status).toBe(200);
      expect((await agent.get(`/knowledge/${a.id}/revisions`)).status).toBe(200);
      expect((await agent.get('/knowledge/new')).status).toBe(403);
      expect((await agent.get(`/knowledge/${a.id}/edit`)).status).toBe(403);
      expect((await post(agent, '/knowledge', { category: 'BASICS', title: 'x', body: '<p>x</p>' })).status).toBe(403);
      expect(
        (await post(agent, `/knowledge/${a.id}/edit`, { category: 'BASICS', title: 'x', body: '<p>x</p>', baseNumber: 1 })).status,
      ).toBe(403);
      expect((await post(agent, `/knowledge/${a.id}/restore`, { number: 1 })).status).toBe(403);
      const page = await agent.get(`/knowledge/${a.id}`);
      expect(page.text).not.toContain(`/knowledge/${a.id}/edit`);
    }
    expect(await testDb().articleRevision.count({ where: { articleId: a.id } })).toBe(1);
    expect((await (await loginAs(w.member.username)).get('/knowledge/999999999')).status).toBe(404);
  });

  it('explains bad input in Chinese and keeps what was typed', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const noTitle = await post(office, '/knowledge', { category: 'GUIDES', title: '', body: '<p>保留我的正文</p>' });
    expect(noTitle.status).toBe(400);
    expect(noTitle.text).toContain('请填写标题');
    expect(noTitle.text).toContain('保留我的正文');
    expect(noTitle.text).toMatch(/<option value="GUIDES" selected>/);

    const title = uniq('组织生活会程序');
    const noBody = await post(office, '/knowledge', { category: 'NOPE', title, body: '<p><br></p>' });
    expect(noBody.status).toBe(400);
    expect(noBody.text).toContain('请选择分类');
    expect(noBody.text).toContain('请填写正文');
    expect(noBody.text).toContain(title);
    expect(await testDb().article.count({ where: { title } })).toBe(0);

    const a = await makeArticle({ title: uniq('支部换届选举流程'), authorId: w.office.id });
    const bad = await post(office, `/knowledge/${a.id}/restore`, { number: 1 });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('这已经是当前版本');
  });

  it('refuses the second of two saves made from the same revision, showing both', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const other = await loginAs(w.admin.username);
    const a = await makeArticle({ title: uniq('三会一课'), authorId: w.office.id });
    expect(
      (await post(office, `/knowledge/${a.id}/edit`, { category: 'BASICS', title: a.title, body: '<p>党务室的修改</p>', baseNumber: 1 }))
        .status,
    ).toBe(303);
    const second = await post(other, `/knowledge/${a.id}/edit`, {
      category: 'BASICS',
      title: a.title,
      body: '<p>管理员基于旧版本的修改</p>',
      baseNumber: 1,
    });
    expect(second.status).toBe(409);
    expect(second.text).toContain('已有他人保存了新的版本');
    expect(second.text).toContain('党务室的修改');
    expect(second.text).toContain('管理员基于旧版本的修改');
    expect(second.text).toContain('name="baseNumber" value="2"');
    expect(await testDb().articleRevision.count({ where: { articleId: a.id } })).toBe(2);
  });

  it('strips scripts and unsafe attributes from the body', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const title = uniq('安全');
    await post(office, '/knowledge', {
      category: 'BASICS',
      title,
      body: '<p onclick="steal()">党的纪律</p><script>alert(1)</script><img src="http://evil.example/x.png" onerror="alert(2)"><a href="javascript:alert(3)">链接</a>',
    });
    const article = await testDb().article.findFirstOrThrow({ where: { title } });
    expect(article.body).toContain('党的纪律');
    expect(article.body).not.toMatch(/script|onclick|onerror|javascript:|evil\.example/);
    const page = await (await loginAs(w.member.username)).get(`/knowledge/${article.id}`);
    expect(page.text).toContain('党的纪律');
    expect(page.text).not.toContain('alert(');
    expect(page.text).not.toContain('<script>alert');
  });
});

describe('knowledge: search, categories, paging', () => {
  it('finds a single Chinese character and a phrase in titles and bodies, and marks the match', async () => {
    const w = await makeBranchWorld();
    const tag = uniq();
    const meetings = await makeArticle({
      title: `“三会一课”制度要求${tag}`,
      text: '支部党员大会一般每季度召开一次，支委会一般每月召开一次。',
      category: 'GUIDES',
      authorId: w.office.id,
    });
    const dues = await makeArticle({
      title: `党费收缴标准${tag}`,
      text: '月工资收入在3000元以下（含3000元）者，交纳月工资收入的0.5%。',
      authorId: w.office.id,
    });
    const member = await loginAs(w.member.username);

    const one = await member.get(`/knowledge?q=${encodeURIComponent('缴')}`);
    expect(one.status).toBe(200);
    expect(one.text).toContain(`/knowledge/${dues.id}"`);
    expect(one.text).not.toContain(`/knowledge/${meetings.id}"`);
    expect(one.text).toContain('<mark>缴</mark>');

    const phrase = await member.get(`/knowledge?q=${encodeURIComponent('每季度召开')}`);
    expect(phrase.text).toContain(`/knowledge/${meetings.id}"`);
    expect(phrase.text).not.toContain(`/knowledge/${dues.id}"`);
    expect(phrase.text).toContain('<mark>每季度召开</mark>');
    const missing = await member.get(`/knowledge?q=${encodeURIComponent('每季度召开两次' + tag)}`);
    expect(missing.text).toContain('没有找到包含');

    const inCategory = await member.get(`/knowledge?q=${tag}&category=BASICS`);
    expect(inCategory.text).toContain(`/knowledge/${dues.id}"`);
    expect(inCategory.text).not.toContain(`/knowledge/${meetings.id}"`);
  });

  it('treats % and _ in the search as plain characters', async () => {
    const w = await makeBranchWorld();
    const tag = uniq();
    const percent = await makeArticle({ title: `完成率100%_${tag}`, authorId: w.office.id });
    const digits = await makeArticle({ title: `完成率1000${tag}`, authorId: w.office.id });
    const member = await loginAs(w.member.username);
    const a = await member.get(`/knowledge?q=${encodeURIComponent(`0%_${tag}`)}`);
    expect(a.text).toContain(`/knowledge/${percent.id}"`);
    expect(a.text).not.toContain(`/knowledge/${digits.id}"`);
    const b = await member.get(`/knowledge?q=${encodeURIComponent(`率1_0${tag}`)}`);
    expect(b.text).not.toContain(`/knowledge/${digits.id}"`);
    const c = await member.get(`/knowledge?q=${encodeURIComponent('\\')}`);
    expect(c.status).toBe(200);
  });

  it('pages long results', async () => {
    const w = await makeBranchWorld();
    const tag = uniq('分页');
    for (let i = 0; i < 22; i++)
      await makeArticle({ title: `${tag}第${i}篇`, authorId: w.office.id, updatedAt: new Date(Date.now() - i * 60_000) });
    const member = await loginAs(w.member.username);
    const first = await member.get(`/knowledge?q=${tag}`);
    expect(first.text).toContain('第 1 / 2 页，共 22 条');
    expect(first.text).toContain('第0篇</a>');
    const second = await member.get(`/knowledge?q=${tag}&page=2`);
    expect(second.text).toContain('第21篇</a>');
    expect(second.text).not.toContain('第0篇</a>');
  });

  it('shows the guides in the committee’s 党务工作指南 module', async () => {
    const w = await makeBranchWorld();
    const guide = await makeArticle({ title: uniq('支部换届选举流程'), category: 'GUIDES', authorId: w.office.id });
    const basic = await makeArticle({ title: uniq('党的基本路线'), category: 'BASICS', authorId: w.office.id });
    const res = await (await loginAs(w.staff.username)).get(`/units/${w.committee.code}/modules/guides`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('党务工作指南');
    expect(res.text).toContain(guide.title);
    expect(res.text).not.toContain(basic.title);
    expect(res.text).not.toContain('新建指南');
  });

  it('costs the same number of queries with 3 or 30 articles', async () => {
    const office = await makePerson({ roles: [{ role: 'OFFICE' }] });
    const agent = await loginAs(office.username);
    const tag = uniq();
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++)
        await makeArticle({ title: `${tag}-${i}`, category: i % 2 ? 'GUIDES' : 'GRASSROOTS', authorId: office.id });
    };
    await grow(3);
    const small = [sqlQueries(await coldGet(agent, '/knowledge')), sqlQueries(await coldGet(agent, `/knowledge?q=${tag}&category=GUIDES`))];
    await grow(27);
    const large = [sqlQueries(await coldGet(agent, '/knowledge')), sqlQueries(await coldGet(agent, `/knowledge?q=${tag}&category=GUIDES`))];
    expect(small[0]).toBeGreaterThan(0);
    expect(large).toEqual(small);
    const committee = await makeUnit({ kind: 'COMMITTEE' });
    expect(sqlQueries(await coldGet(agent, `/units/${committee.code}/modules/guides`))).toBeLessThan(12);
  });
});
