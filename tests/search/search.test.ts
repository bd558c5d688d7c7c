import { describe, expect, it } from 'vitest';
import { anonymous, loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, makeUnit } from '../helpers/factories.js';

/** An item of the branch template's `moduleKey` with one revision in `status` (published when PUBLISHED). */
async function item(
  unitId: number,
  moduleKey: string,
  title: string,
  body: string,
  status: 'PUBLISHED' | 'SUBMITTED' | 'TAKEN_DOWN' = 'PUBLISHED',
  authorId = 0,
) {
  const db = testDb();
  const mod = await db.moduleDef.findFirstOrThrow({ where: { key: moduleKey, template: { key: 'branch' } } });
  const i = await db.contentItem.create({
    data: {
      unitId,
      moduleId: mod.id,
      kind: mod.kind === 'RECORDS' ? 'RECORD' : 'PAGE',
      title,
      headNumber: 1,
      publishedAt: status === 'PUBLISHED' ? new Date() : null,
    },
  });
  const r = await db.revision.create({
    data: { itemId: i.id, number: 1, status, title, body, authorId, fields: mod.kind === 'RECORDS' ? { place: '三楼会议室' } : undefined },
  });
  if (status === 'PUBLISHED') await db.contentItem.update({ where: { id: i.id }, data: { publishedRevisionId: r.id } });
  return i;
}

describe('search', () => {
  it('finds published pages and records by a single character and by a phrase, with highlighted snippets', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    await item(
      w.branch.id,
      'overview',
      `支部概况${tag}`,
      `<p>本支部共有党员二十名，坚持“三会一课”制度。${tag}</p>`,
      'PUBLISHED',
      w.secretary.id,
    );
    await item(w.branch.id, 'meetings', `支委会${tag}`, '', 'PUBLISHED', w.secretary.id);
    await item(w.branch.id, 'news', `草稿${tag}`, `<p>尚未发布的草稿${tag}</p>`, 'SUBMITTED', w.secretary.id);
    await item(w.branch.id, 'honours', `撤下${tag}`, `<p>已撤下${tag}</p>`, 'TAKEN_DOWN', w.secretary.id);
    const agent = await loginAs(w.staff.username);
    expect((await anonymous().get(`/search?q=${tag}`)).status).toBe(303);

    const phrase = await agent.get(`/search?q=${encodeURIComponent(`"三会一课" ${tag}`)}`);
    expect(phrase.status).toBe(200);
    expect(phrase.text).toContain(`支部概况${tag}`);
    expect(phrase.text).toContain('<mark>三会一课</mark>');
    expect(phrase.text).not.toContain(`草稿${tag}`);
    expect(phrase.text).not.toContain(`撤下${tag}`);

    const single = await agent.get(`/search?q=${encodeURIComponent(`党 ${tag}`)}&kind=content`);
    expect(single.text).toContain(`支部概况${tag}`);
    // a record matched by its fields' values
    const field = await agent.get(`/search?q=${encodeURIComponent(`三楼 ${tag}`)}`);
    expect(field.text).toContain(`支委会${tag}`);
    expect(field.text).toContain('地点：<mark>三楼</mark>会议室'); // the field's label, as on the record's page
    // the unit filter
    const elsewhere = await agent.get(`/search?q=${tag}&unit=${w.other.code}`);
    expect(elsewhere.text).not.toContain(`支部概况${tag}`);
    // wildcards are literal
    expect((await agent.get(`/search?q=${encodeURIComponent('%_%')}`)).text).toContain('（0 条）');
  });

  it('never returns a notice the reader is not in the audience of, and escapes what it shows', async () => {
    const w = await makeBranchWorld();
    const outsider = await makePerson({ homeUnitId: (await makeUnit()).id });
    const tag = w.branch.code;
    const n = await testDb().notice.create({
      data: {
        unitId: w.committee.id,
        title: `定向通知${tag}<script>alert(1)</script>`,
        body: `<p>只发给${tag}支部</p>`,
        issuer: '党委',
        audience: 'UNITS',
        status: 'PUBLISHED',
        publishedAt: new Date(),
        createdById: w.office.id,
      },
    });
    await testDb().noticeUnit.create({ data: { noticeId: n.id, unitId: w.branch.id } });
    const mine = await (await loginAs(w.member.username)).get(`/search?q=${tag}&kind=notices`);
    expect(mine.text).toContain(`定向通知${tag}&lt;script&gt;`);
    expect(mine.text).not.toContain('<script>alert(1)');
    const theirs = await (await loginAs(outsider.username)).get(`/search?q=${tag}&kind=notices`);
    expect(theirs.text).not.toContain(`定向通知${tag}`);
    expect(theirs.text).toContain('（0 条）');
  });

  it('makes the same number of queries whatever it finds', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.staff.username);
    const url = `/search?q=${encodeURIComponent(`测量${w.branch.code}`)}`;
    const before = sqlQueries(await coldGet(agent, url));
    for (let i = 0; i < 12; i++) await item(w.branch.id, 'news', `测量${w.branch.code}-${i}`, '<p>内容</p>', 'PUBLISHED', w.secretary.id);
    const after = await coldGet(agent, url);
    expect(after.text).toContain('页面与记录<small class="muted">（12 条）</small>');
    expect(after.text.match(/class="hit-title"/g)).toHaveLength(12);
    expect(sqlQueries(after)).toBe(before);
  });
});

describe('search in the knowledge base', () => {
  it('finds articles by a phrase in their text, and leaves them out when a unit is chosen', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    await testDb().article.create({
      data: {
        category: 'GUIDES',
        title: `发展党员工作流程${tag}`,
        body: '<p>入党申请人经过培养考察……</p>',
        bodyText: '入党申请人经过培养考察……',
        createdById: w.office.id,
        updatedById: w.office.id,
      },
    });
    const agent = await loginAs(w.member.username);
    const res = await agent.get(`/search?q=${encodeURIComponent(`培养考察 ${tag}`)}`);
    expect(res.text).toContain(`发展党员工作流程${tag}`);
    expect(res.text).toContain('党务工作指南');
    expect((await agent.get(`/search?q=${encodeURIComponent(`培养考察 ${tag}`)}&unit=${w.branch.code}&kind=knowledge`)).text).not.toContain(
      `发展党员工作流程${tag}`,
    );
  });
});

describe('search with a unit that does not exist', () => {
  it('finds nothing instead of failing (an unknown code used to break the notices query)', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.member.username);
    for (const unit of ['3000000000', '0000-01-01', 'nope']) {
      const res = await agent.get(`/search?q=${encodeURIComponent('党')}&unit=${unit}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('（0 条）');
    }
  });
});
