import { describe, expect, it } from 'vitest';
import { csrfOf, loginAs, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makeCommitteeNotice } from '../helpers/factories.js';

async function post(agent: Agent, url: string, body: Record<string, unknown>) {
  return agent
    .post(url)
    .type('form')
    .send({ _csrf: await csrfOf(agent, '/me'), ...body });
}

const find = (agent: Agent, q: string, extra = '') => agent.get(`/search?q=${encodeURIComponent(q)}${extra}`);
const titles = (html: string) => [...html.matchAll(/class="hit-title" href="[^"]*">([^<]*)</g)].map((m) => m[1]);
const count = (html: string, label: string) => Number(new RegExp(`${label}<small class="muted">（(\\d+) 条）`).exec(html)?.[1]);

/** A published record of the branch's news module, published at `at` (search ranks by it). */
async function record(unitId: number, authorId: number, title: string, body: string, at: Date) {
  const db = testDb();
  const mod = await db.moduleDef.findFirstOrThrow({ where: { key: 'news', template: { key: 'branch' } } });
  const item = await db.contentItem.create({ data: { unitId, moduleId: mod.id, kind: 'RECORD', title, headNumber: 1 } });
  const rev = await db.revision.create({ data: { itemId: item.id, number: 1, status: 'PUBLISHED', title, body, authorId } });
  await db.contentItem.update({ where: { id: item.id }, data: { publishedRevisionId: rev.id, publishedAt: at } });
  return item;
}

describe('search understands Chinese', () => {
  it('finds a two-character word in the middle of a sentence, a single character, and nothing that is only made of the same pieces', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    const sec = await loginAs(w.secretary.username);
    const saved = await post(sec, `/units/${tag}/modules/overview/edit`, {
      title: `支部概况${tag}`,
      body: '<p>本支部认真开展民主评议党员工作，会后将议评结果公示。</p>',
      baseNumber: 0,
      intent: 'publish',
    });
    expect(saved.status).toBe(303);
    const staff = await loginAs(w.staff.username);
    for (const q of ['评议', '民主评议党员', '议', '议评结果', '党员工作']) {
      expect(titles((await find(staff, `${q} ${tag}`)).text), q).toEqual([`支部概况${tag}`]);
    }
    const marked = await find(staff, `评议 ${tag}`);
    expect(marked.text).toContain('民主<mark>评议</mark>党员');
    // 评议评: both its pieces (评议, 议评) are in the text, the word is not
    for (const q of ['评议评', '评党', '议党员工作结果']) expect(titles((await find(staff, `${q} ${tag}`)).text), q).toEqual([]);
    // case and full-width letters do not matter
    expect(
      titles(
        (
          await find(
            staff,
            tag.toUpperCase().replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
          )
        ).text,
      ),
    ).toContain(`支部概况${tag}`);
  });
});

describe('search finds what the reader may read, as it is now', () => {
  it('never finds a version waiting for review or taken down, and finds an edit under its new words at once', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    const page = `/units/${tag}/modules/overview`;
    const [info, sec, office, staff] = await Promise.all([
      loginAs(w.infoOfficer.username),
      loginAs(w.secretary.username),
      loginAs(w.office.username),
      loginAs(w.staff.username),
    ]);
    await post(info, `${page}/edit`, { title: `概况${tag}`, body: '<p>第一稿甲乙丙。</p>', baseNumber: 0, intent: 'submit' });
    expect(titles((await find(staff, `甲乙丙 ${tag}`)).text)).toEqual([]);
    const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'PAGE' } });
    await post(sec, `${page}/items/${item.id}/publish`, {});
    expect(titles((await find(staff, `甲乙丙 ${tag}`)).text)).toEqual([`概况${tag}`]);

    // the secretary's edit publishes at once: found under its new words, no longer under the old ones
    await post(sec, `${page}/edit`, { title: `概况${tag}`, body: '<p>第二稿丁戊己。</p>', baseNumber: 1, intent: 'publish' });
    expect(titles((await find(staff, `丁戊己 ${tag}`)).text)).toEqual([`概况${tag}`]);
    expect(titles((await find(staff, `甲乙丙 ${tag}`)).text)).toEqual([]);

    // a draft of a third version is not found, the published second one still is
    await post(info, `${page}/edit`, { title: `概况${tag}`, body: '<p>第三稿庚辛壬。</p>', baseNumber: 2, intent: 'submit' });
    expect(titles((await find(staff, `庚辛壬 ${tag}`)).text)).toEqual([]);
    expect(titles((await find(staff, `丁戊己 ${tag}`)).text)).toEqual([`概况${tag}`]);

    // the office takes the second version down: the first shows again, and is what is found
    const taken = await post(office, `${page}/items/${item.id}/take-down`, { reason: '内容有误', number: 2 });
    expect(taken.status).toBe(303);
    expect(titles((await find(staff, `丁戊己 ${tag}`)).text)).toEqual([]);
    expect(titles((await find(staff, `甲乙丙 ${tag}`)).text)).toEqual([`概况${tag}`]);
    // nor does the unit's secretary find the taken-down text: search shows what is published
    expect(titles((await find(sec, `丁戊己 ${tag}`)).text)).toEqual([]);
  });

  it('does not find member-only notices for staff, and finds them for a member of the unit', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    const db = testDb();
    const notice = (title: string, audience: 'ALL' | 'MEMBERS' | 'UNITS', membersOnly = false) =>
      db.notice.create({
        data: {
          unitId: w.committee.id,
          title: `${title}${tag}`,
          body: '<p>请各支部按时参加。</p>',
          issuer: '党委',
          audience,
          membersOnly,
          status: 'PUBLISHED',
          publishedAt: new Date(),
          createdById: w.office.id,
          units: audience === 'UNITS' ? { create: [{ unitId: w.branch.id, chosen: true }] } : undefined,
        },
      });
    await notice('全体通知', 'ALL');
    await notice('党员通知', 'MEMBERS');
    await notice('支部党员通知', 'UNITS', true);
    await notice('支部通知', 'UNITS');
    await db.notice.create({
      data: { unitId: w.committee.id, title: `草稿通知${tag}`, issuer: '党委', status: 'DRAFT', createdById: w.office.id },
    });
    const staff = await find(await loginAs(w.staff.username), tag, '&kind=notices');
    expect(titles(staff.text).sort()).toEqual([`全体通知${tag}`, `支部通知${tag}`].sort());
    expect(count(staff.text, '文件通知')).toBe(2);
    const member = await find(await loginAs(w.member.username), tag, '&kind=notices');
    expect(titles(member.text).sort()).toEqual([`全体通知${tag}`, `党员通知${tag}`, `支部党员通知${tag}`, `支部通知${tag}`].sort());
    const otherSecretary = await find(await loginAs(w.otherSecretary.username), tag, '&kind=notices');
    expect(titles(otherSecretary.text).sort()).toEqual([`全体通知${tag}`, `党员通知${tag}`].sort());
  });

  it('finds voices once made public and units by name or code', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    const db = testDb();
    const voice = (title: string, published: boolean) =>
      db.voice.create({
        data: {
          unitId: w.branch.id,
          authorId: w.member.id,
          category: 'SUGGESTION',
          title: `${title}${tag}`,
          body: '建议增加学习资料。',
          status: 'ANSWERED',
          publicConsent: true,
          answeredAt: new Date(),
          publishedAt: published ? new Date() : null,
          messages: { create: [{ kind: 'ANSWER', body: '已采购新的学习读本。', authorId: w.secretary.id }] },
        },
      });
    await voice('公开的建议', true);
    await voice('未公开的建议', false);
    const staff = await loginAs(w.staff.username);
    const found = await find(staff, `学习读本 ${tag}`);
    expect(titles(found.text)).toEqual([`公开的建议${tag}`]);
    expect(found.text).toContain('答复：已采购新的<mark>学习读本</mark>。');
    const units = await find(staff, tag, '&kind=units');
    expect(titles(units.text)).toEqual([w.branch.name]);
  });
});

describe('search results: counts, pages, ranking, filters', () => {
  it('counts per kind, pages 20 at a time, title matches first then newest, and filters by unit and year', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    const day = 86_400_000;
    const now = Date.now();
    for (let i = 1; i <= 23; i++) await record(w.branch.id, w.secretary.id, `动态${i}-${tag}`, '<p>内容</p>', new Date(now - i * day));
    await record(w.branch.id, w.secretary.id, `旧的标题${tag}`, '<p>内容</p>', new Date('2024-05-01T08:00:00Z'));
    await record(w.branch.id, w.secretary.id, '正文提到', `<p>正文里有${tag}</p>`, new Date(now));
    await makeCommitteeNotice(w, `通知${tag}`, new Date(now - day / 2));
    const staff = await loginAs(w.staff.username);
    const first = await find(staff, tag);
    expect(count(first.text, '全部')).toBe(27);
    expect(count(first.text, '单位')).toBe(1); // the branch, whose code is the tag
    expect(count(first.text, '页面与记录')).toBe(25);
    expect(count(first.text, '文件通知')).toBe(1);
    expect(count(first.text, '党建知识')).toBe(0);
    const one = titles(first.text);
    expect(one).toHaveLength(20);
    expect(one.slice(0, 3)).toEqual([`通知${tag}`, `动态1-${tag}`, `动态2-${tag}`]);
    expect(first.text).toContain('第 1 / 2 页，共 27 条');
    const second = titles((await find(staff, tag, '&page=2')).text);
    // the title matches, newest first (the undated unit last), then the newest of all whose text alone holds the word
    expect(second).toEqual([
      `动态20-${tag}`,
      `动态21-${tag}`,
      `动态22-${tag}`,
      `动态23-${tag}`,
      `旧的标题${tag}`,
      w.branch.name,
      '正文提到',
    ]);
    const records = await find(staff, tag, '&kind=content&page=2');
    expect(titles(records.text)).toEqual([`动态21-${tag}`, `动态22-${tag}`, `动态23-${tag}`, `旧的标题${tag}`, '正文提到']);
    expect(records.text).toContain('第 2 / 2 页，共 25 条');
    expect(count(records.text, '文件通知')).toBe(1); // the other kinds' counts stay in the tabs
    expect(titles((await find(staff, tag, '&year=2024')).text)).toEqual([`旧的标题${tag}`]);
    expect(titles((await find(staff, tag, `&unit=${w.other.code}`)).text)).toEqual([]);
    // the branch's records and the branch itself, not the committee's notice
    expect(count((await find(staff, tag, `&unit=${w.branch.code}`)).text, '全部')).toBe(26);
  });

  it('labels the fields of a structured record in its snippet', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    const db = testDb();
    const mod = await db.moduleDef.findFirstOrThrow({ where: { key: 'meetings', template: { key: 'branch' } } });
    const item = await db.contentItem.create({
      data: { unitId: w.branch.id, moduleId: mod.id, kind: 'RECORD', title: `支委会${tag}`, headNumber: 1 },
    });
    const fields = {
      meetingType: '支委会',
      date: '2026-11-05',
      place: '三楼会议室',
      host: '张书记',
      recorder: '李委员',
      due: 7,
      present: 7,
      topics: '研究民主评议党员工作安排',
      content: '会议决定',
    };
    const rev = await db.revision.create({
      data: { itemId: item.id, number: 1, status: 'PUBLISHED', title: `支委会${tag}`, fields, authorId: w.secretary.id },
    });
    await db.contentItem.update({ where: { id: item.id }, data: { publishedRevisionId: rev.id, publishedAt: new Date() } });
    const res = await find(await loginAs(w.staff.username), `评议 ${tag}`);
    expect(res.text).toContain('议题：研究民主<mark>评议</mark>党员工作安排');
    expect(res.text).not.toContain('2026-11-05 三楼会议室');
  });
});
