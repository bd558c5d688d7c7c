import { describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs, postForm, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit } from '../helpers/factories.js';
import { makeVoice, uniqueName, voiceWorld } from './voice-helpers.js';

async function write(agent: Agent, body: Record<string, unknown>) {
  return postForm(agent, '/voices', { category: 'SUGGESTION', body: '车间的通风设备噪声太大，建议更换。', ...body });
}

const voiceIdOf = (res: { headers: Record<string, string> }) => Number(/^\/voices\/(\d+)$/.exec(res.headers.location)![1]);

describe('writing a voice', () => {
  it('sends a voice to the writer’s branch and shows it on "my voices"', async () => {
    const w = await voiceWorld();
    const agent = await loginAs(w.writer.username);
    const form = await agent.get('/voices/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<option value="${w.branch.code}" selected>`);
    expect(form.text).toContain('困难求助');
    const title = uniqueName('关于夜班通勤');
    const res = await write(agent, { unit: w.branch.code, title, category: 'HELP' });
    expect(res.status).toBe(303);
    const v = await testDb().voice.findUniqueOrThrow({ where: { id: voiceIdOf(res) } });
    expect(v).toMatchObject({
      unitId: w.branch.id,
      authorId: w.writer.id,
      category: 'HELP',
      anonymous: false,
      publicConsent: false,
      status: 'OPEN',
    });
    const mine = await agent.get('/voices/mine');
    expect(mine.text).toContain(title);
    expect(mine.text).toContain('待答复');
    const log = await testDb().auditLog.findFirstOrThrow({ where: { entityType: 'Voice', entityId: String(v.id) } });
    expect(log).toMatchObject({ action: 'voice.written', actorId: w.writer.id, unitId: w.branch.id });
  });

  it('writes to the committee, and the committee’s voices go to the office', async () => {
    const w = await voiceWorld();
    const title = uniqueName('给党委的建议');
    const res = await write(await loginAs(w.staff.username), { unit: w.committee.code, title });
    expect(res.status).toBe(303);
    const office = await loginAs(w.office.username);
    expect((await office.get(`/units/${w.committee.code}/voices`)).text).toContain(title);
    const answered = await postForm(office, `${res.headers.location}/answer`, { body: '党务室已转交相关部门。' });
    expect(answered.status).toBe(303);
    expect((await testDb().voice.findUniqueOrThrow({ where: { id: voiceIdOf(res) } })).status).toBe('ANSWERED');
  });

  it('asks again in Chinese, keeping what was typed, when the form is incomplete or the unit is not a recipient', async () => {
    const w = await voiceWorld();
    const agent = await loginAs(w.writer.username);
    const empty = await write(agent, { unit: w.branch.code, title: '', body: '保留我写的这段话' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写标题');
    expect(empty.text).toContain('保留我写的这段话');
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id });
    for (const unit of [group.code, 'nosuchunit', '']) {
      const bad = await write(agent, { unit, title: '标题保留', anonymous: 'on' });
      expect(bad.status, unit).toBe(400);
      expect(bad.text).toMatch(/请选择一个有效的收信单位|请选择收信单位/);
      expect(bad.text).toContain('value="标题保留"');
      expect(bad.text).toMatch(/name="anonymous" value="on" checked/);
    }
    const badCategory = await write(agent, { unit: w.branch.code, title: 't', category: 'NOPE' });
    expect(badCategory.status).toBe(400);
    expect(badCategory.text).toContain('请选择类别');
    expect(await testDb().voice.count({ where: { authorId: w.writer.id } })).toBe(0);
  });

  it('refuses a voice to an archived unit', async () => {
    const w = await voiceWorld();
    await testDb().unit.update({ where: { id: w.other.id }, data: { archivedAt: new Date() } });
    const res = await write(await loginAs(w.writer.username), { unit: w.other.code, title: '写给归档单位' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('请选择一个有效的收信单位');
  });

  it('escapes what people write on every page that shows it', async () => {
    const w = await voiceWorld();
    const agent = await loginAs(w.writer.username);
    const res = await write(agent, {
      unit: w.branch.code,
      title: '<script>alert("t")</script>',
      body: '<img src=x onerror=alert(1)>',
      publicConsent: 'on',
    });
    const url = res.headers.location;
    const sec = await loginAs(w.secretary.username);
    await postForm(sec, `${url}/answer`, { body: '<b onmouseover=alert(2)>答复</b>' });
    await postForm(sec, `${url}/publish`, { publish: '1' });
    for (const [who, page] of [
      [agent, url],
      [agent, '/voices/mine'],
      [sec, `/units/${w.branch.code}/voices`],
      [sec, url],
      [await loginAs(w.staff.username), '/voices/public'],
    ] as const) {
      const text = (await who.get(page)).text;
      expect(text, page).not.toContain('<script>alert("t")</script>');
      expect(text, page).not.toContain('<img src=x');
      expect(text, page).not.toContain('<b onmouseover');
    }
    const shown = (await sec.get(url)).text;
    expect(shown).toContain('&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;');
    expect(shown).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('anonymity', () => {
  it('never shows an anonymous writer’s name to the recipients, in any page, list or log they can read', async () => {
    const w = await voiceWorld();
    const writer = await loginAs(w.writer.username);
    const title = uniqueName('匿名反映');
    const res = await write(writer, { unit: w.branch.code, title, anonymous: 'on', publicConsent: 'on' });
    expect(res.status).toBe(303);
    const url = res.headers.location;
    const id = voiceIdOf(res);
    // the author is stored, and the audit log knows
    expect(await testDb().voice.findUniqueOrThrow({ where: { id } })).toMatchObject({ authorId: w.writer.id, anonymous: true });
    expect(await testDb().auditLog.findFirstOrThrow({ where: { entityType: 'Voice', entityId: String(id) } })).toMatchObject({
      actorId: w.writer.id,
      action: 'voice.written.anonymous',
    });

    const sec = await loginAs(w.secretary.username);
    const inbox = await sec.get(`/units/${w.branch.code}/voices`);
    expect(inbox.text).toContain(title);
    expect(inbox.text).toContain('匿名');
    expect(inbox.text).not.toContain(w.writer.displayName);
    expect((await sec.get(url)).text).not.toContain(w.writer.displayName);

    // the whole conversation: answer, the writer's reply, the final answer, then made public
    await postForm(sec, `${url}/answer`, { body: '感谢反映，已安排检修。' });
    await postForm(writer, `${url}/reply`, { body: '检修后仍有噪声。' });
    await postForm(sec, `${url}/answer`, { body: '已申请更换新风机。' });
    expect((await postForm(sec, `${url}/publish`, { publish: '1' })).status).toBe(303);

    const office = await loginAs(w.office.username);
    const reader = await loginAs(w.staff.username);
    const pages: [Agent, string][] = [
      [sec, url],
      [sec, `/units/${w.branch.code}/voices`],
      [sec, `/units/${w.branch.code}/voices?status=ANSWERED`],
      [sec, `/units/${w.branch.code}/changes`],
      [sec, '/voices/public'],
      [office, url],
      [office, `/units/${w.branch.code}/voices`],
      [office, '/voices/stats'],
      [office, '/review'],
      // the log's voice entries (the writer's logins are kept from the office too: issue 16.3)
      [office, `/admin/audit?entityType=Voice`],
      [office, `/admin/audit?unit=${w.branch.code}`],
      [reader, '/voices/public'],
      [reader, url],
    ];
    for (const [agent, page] of pages) {
      const r = await agent.get(page);
      expect(r.status, page).toBe(200);
      expect(r.text, page).not.toContain(w.writer.displayName);
      expect(r.text, page).not.toContain(w.writer.username);
    }
    expect((await reader.get(url)).text).toContain('检修后仍有噪声。');
    expect((await reader.get(url)).text).toContain('匿名写信人');
    // searching the log by the writer does not find the anonymous entries, for the office
    const byActor = await office.get(`/admin/audit?actor=${w.writer.username}`);
    expect(byActor.text).not.toContain('voice.written.anonymous');
    expect(byActor.text).not.toContain('voice.replied.anonymous');
    // nor lists them at all (their place in the log would sit them beside the writer's other entries)
    expect((await office.get(`/admin/audit?unit=${w.branch.code}`)).text).not.toContain('voice.written.anonymous');
    // the platform administrator reads who it was
    const admin = await loginAs(w.admin.username);
    const adminLog = await admin.get(`/admin/audit?actor=${w.writer.username}`);
    expect(adminLog.text).toContain('voice.written.anonymous');
    expect(adminLog.text).toContain(w.writer.displayName);
    // the writer sees the voice is theirs and anonymous
    const own = await writer.get(url);
    expect(own.text).toContain('您匿名写了这条心声');
  });

  it('shows the writer’s name to the recipient when the voice is not anonymous', async () => {
    const w = await voiceWorld();
    await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, title: '署名心声' });
    const text = (await (await loginAs(w.secretary.username)).get(`/units/${w.branch.code}/voices`)).text;
    expect(text).toContain('署名心声');
    expect(text).toContain(w.writer.displayName);
  });
});

describe('answers and the one reply', () => {
  it('goes answer → one reply → final answer, and the writer sees each', async () => {
    const w = await voiceWorld();
    const writer = await loginAs(w.writer.username);
    const sec = await loginAs(w.secretary.username);
    const url = (await write(writer, { unit: w.branch.code, title: '关于学习资料' })).headers.location;
    const id = Number(url.split('/').pop());

    const early = await postForm(writer, `${url}/reply`, { body: '我想先补充一点' });
    expect(early.status).toBe(400);
    expect(early.text).toContain('尚未收到答复');

    expect((await sec.get(url)).text).toContain('action="/voices/' + id + '/answer"');
    expect((await postForm(sec, `${url}/answer`, { body: '已订购新的学习资料。' })).status).toBe(303);
    const again = await postForm(sec, `${url}/answer`, { body: '再答一次' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('写信人回复后才可以作最终答复');

    const mine = await writer.get('/voices/mine');
    expect(mine.text).toContain('已订购新的学习资料。');
    expect(mine.text).toContain(w.secretary.displayName);
    expect((await writer.get(url)).text).toContain('action="/voices/' + id + '/reply"');

    expect((await postForm(writer, `${url}/reply`, { body: '希望同时有电子版。' })).status).toBe(303);
    const twice = await postForm(writer, `${url}/reply`, { body: '还有一点' });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain('您已经回复过一次，不能再次回复');
    expect((await writer.get(url)).text).not.toContain('action="/voices/' + id + '/reply"');

    expect((await postForm(sec, `${url}/answer`, { body: '电子版已放到学习园地。' })).status).toBe(303);
    const closed = await postForm(sec, `${url}/answer`, { body: '又一次' });
    expect(closed.status).toBe(400);
    expect(closed.text).toContain('已作最终答复，不能再答复');

    const v = await testDb().voice.findUniqueOrThrow({ where: { id }, include: { messages: { orderBy: { id: 'asc' } } } });
    expect(v.status).toBe('CLOSED');
    expect(v.answeredAt).not.toBeNull();
    expect(v.messages.map((m) => [m.kind, m.authorId])).toEqual([
      ['ANSWER', w.secretary.id],
      ['REPLY', w.writer.id],
      ['FINAL', w.secretary.id],
    ]);
    const page = (await writer.get(url)).text;
    expect(page).toContain('电子版已放到学习园地。');
    expect(page).toContain('已办结');
    const actions = await testDb().auditLog.findMany({
      where: { entityType: 'Voice', entityId: String(id) },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(['voice.written', 'voice.answered', 'voice.replied', 'voice.final_answered']);
  });

  it('asks for the answer text in Chinese', async () => {
    const w = await voiceWorld();
    const v = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id });
    const res = await postForm(await loginAs(w.secretary.username), `/voices/${v.id}/answer`, { body: '   ' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('请填写内容');
    const long = `已研究。${'很长的答复'.repeat(1001)}`;
    const tooLong = await postForm(await loginAs(w.secretary.username), `/voices/${v.id}/answer`, { body: long });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('内容不能超过 5000 个字');
    expect(tooLong.text).toContain(long);
    expect((await testDb().voice.findUniqueOrThrow({ where: { id: v.id } })).status).toBe('OPEN');
  });
});

describe('consent before publication', () => {
  it('publishes only answered voices whose writer consented, and withdrawing consent takes it down', async () => {
    const w = await voiceWorld();
    const sec = await loginAs(w.secretary.username);
    const writer = await loginAs(w.writer.username);
    const reader = await loginAs(w.staff.username);
    const title = uniqueName('公开测试');
    const v = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, answererId: w.secretary.id, title, status: 'ANSWERED' });
    const url = `/voices/${v.id}`;

    const refused = await postForm(sec, `${url}/publish`, { publish: '1' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('写信人没有同意公开，不能公开');
    expect((await reader.get('/voices/public')).text).not.toContain(title);
    expect((await reader.get(url)).status).toBe(403);

    expect((await postForm(writer, `${url}/consent`, { consent: '1' })).status).toBe(303);
    expect((await postForm(sec, `${url}/publish`, { publish: '1' })).status).toBe(303);
    const list = await reader.get('/voices/public');
    expect(list.text).toContain(title);
    expect(list.text).toContain(w.writer.displayName);
    expect((await reader.get(url)).status).toBe(200);

    expect((await postForm(writer, `${url}/consent`, { consent: '0' })).status).toBe(303);
    expect((await testDb().voice.findUniqueOrThrow({ where: { id: v.id } })).publishedAt).toBeNull();
    expect((await reader.get('/voices/public')).text).not.toContain(title);
    expect((await reader.get(url)).status).toBe(403);
  });

  it('publishes once when the form is sent twice: the second gets "already public" and nothing more is written', async () => {
    const w = await voiceWorld();
    const sec = await loginAs(w.secretary.username);
    const v = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, status: 'ANSWERED', publicConsent: true });
    expect((await postForm(sec, `/voices/${v.id}/publish`, { publish: '1' })).status).toBe(303);
    const first = (await testDb().voice.findUniqueOrThrow({ where: { id: v.id } })).publishedAt;
    const again = await postForm(sec, `/voices/${v.id}/publish`, { publish: '1' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('该心声已经公开');
    expect((await testDb().voice.findUniqueOrThrow({ where: { id: v.id } })).publishedAt).toEqual(first);
    const audits = await testDb().auditLog.count({ where: { entityType: 'Voice', entityId: String(v.id), action: 'voice.published' } });
    expect(audits).toBe(1);
  });

  it('does not publish a voice before it is answered, even with consent', async () => {
    const w = await voiceWorld();
    const v = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, publicConsent: true });
    const res = await postForm(await loginAs(w.secretary.username), `/voices/${v.id}/publish`, { publish: '1' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('尚未答复的心声不能公开');
    expect((await testDb().voice.findUniqueOrThrow({ where: { id: v.id } })).publishedAt).toBeNull();
  });

  it('lets the recipient take a public voice back', async () => {
    const w = await voiceWorld();
    const v = await makeVoice({
      unitId: w.branch.id,
      authorId: w.writer.id,
      status: 'ANSWERED',
      publicConsent: true,
      publishedAt: new Date(),
    });
    expect((await postForm(await loginAs(w.secretary.username), `/voices/${v.id}/publish`, { publish: '0' })).status).toBe(303);
    expect((await testDb().voice.findUniqueOrThrow({ where: { id: v.id } })).publishedAt).toBeNull();
  });
});

describe('who may do what', () => {
  it('sends anonymous visitors to the login page', async () => {
    const w = await voiceWorld();
    const v = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id });
    const visitor = anonymous();
    for (const page of [
      '/voices',
      '/voices/new',
      '/voices/mine',
      '/voices/public',
      '/voices/stats',
      `/voices/${v.id}`,
      `/units/${w.branch.code}/voices`,
    ]) {
      const res = await visitor.get(page);
      expect(res.status, page).toBe(303);
      expect(res.headers.location, page).toBe(`/login?returnTo=${encodeURIComponent(page)}`);
    }
    const _csrf = await csrfOf(visitor);
    for (const url of [
      '/voices',
      `/voices/${v.id}/answer`,
      `/voices/${v.id}/reply`,
      `/voices/${v.id}/consent`,
      `/voices/${v.id}/publish`,
    ]) {
      const res = await visitor.post(url).type('form').send({ _csrf, body: 'x', unit: w.branch.code, title: 't', category: 'OTHER' });
      expect(res.status, url).toBe(303);
      expect(res.headers.location).toContain('/login');
    }
    expect(await testDb().voice.count({ where: { unitId: w.branch.id } })).toBe(1);
  });

  it('keeps another branch’s secretary, members and staff out of a voice and the inbox', async () => {
    const w = await voiceWorld();
    const v = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, status: 'ANSWERED', publicConsent: true });
    for (const who of [w.otherSecretary, w.member, w.staff, w.infoOfficer]) {
      const agent = await loginAs(who.username);
      expect((await agent.get(`/voices/${v.id}`)).status, who.username).toBe(403);
      expect((await agent.get(`/units/${w.branch.code}/voices`)).status, who.username).toBe(403);
      expect((await postForm(agent, `/voices/${v.id}/answer`, { body: '越权答复' })).status, who.username).toBe(403);
      expect((await postForm(agent, `/voices/${v.id}/publish`, { publish: '1' })).status, who.username).toBe(403);
      expect((await postForm(agent, `/voices/${v.id}/reply`, { body: '冒充回复' })).status, who.username).toBe(403);
      expect((await postForm(agent, `/voices/${v.id}/consent`, { consent: '0' })).status, who.username).toBe(403);
      expect((await agent.get('/voices/stats')).status, who.username).toBe(403);
    }
    expect(await testDb().voiceMessage.count({ where: { voiceId: v.id } })).toBe(1);
    expect((await testDb().voice.findUniqueOrThrow({ where: { id: v.id } })).publishedAt).toBeNull();
  });

  it('lets the writer neither answer nor publish their own voice, and the recipient not reply for the writer', async () => {
    const w = await voiceWorld();
    const v = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, status: 'ANSWERED', publicConsent: true });
    const writer = await loginAs(w.writer.username);
    expect((await postForm(writer, `/voices/${v.id}/answer`, { body: '自己答复' })).status).toBe(403);
    expect((await postForm(writer, `/voices/${v.id}/publish`, { publish: '1' })).status).toBe(403);
    const sec = await loginAs(w.secretary.username);
    expect((await postForm(sec, `/voices/${v.id}/reply`, { body: '' })).status).toBe(403);
    expect((await postForm(sec, `/voices/${v.id}/consent`, { consent: '1' })).status).toBe(403);
  });

  it('gives the office every inbox to read, but the branches’ to answer only by their secretaries', async () => {
    const w = await voiceWorld();
    const v = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id, title: '办公室只读' });
    const office = await loginAs(w.office.username);
    const inbox = await office.get(`/units/${w.branch.code}/voices`);
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain('办公室只读');
    expect(inbox.text).toContain('只读查看');
    const page = await office.get(`/voices/${v.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('/answer"');
    expect((await postForm(office, `/voices/${v.id}/answer`, { body: '党务室代答' })).status).toBe(403);
    expect((await office.get('/voices/stats')).status).toBe(200);
  });

  it('takes no answers in an archived unit', async () => {
    const w = await voiceWorld();
    const v = await makeVoice({ unitId: w.branch.id, authorId: w.writer.id });
    await testDb().unit.update({ where: { id: w.branch.id }, data: { archivedAt: new Date() } });
    const sec = await loginAs(w.secretary.username);
    expect((await sec.get(`/units/${w.branch.code}/voices`)).status).toBe(200);
    expect((await postForm(sec, `/voices/${v.id}/answer`, { body: '归档后答复' })).status).toBe(403);
  });

  it('answers 404 for a voice or unit that does not exist', async () => {
    const agent = await loginAs((await makePerson()).username);
    for (const page of ['/voices/99999999', '/voices/abc', '/units/nosuchunit/voices'])
      expect((await agent.get(page)).status, page).toBe(404);
  });
});
