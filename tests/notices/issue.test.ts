import { describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeUnit } from '../helpers/factories.js';
import { inDays, issue, noticeIdOf, noticeWorld, post } from './helpers.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('notice routes refuse who may not', () => {
  it('sends anonymous visitors to the login page, on every route', async () => {
    const w = await noticeWorld();
    const id = noticeIdOf(await issue(await loginAs(w.office.username), w.committee.code));
    const anon = anonymous();
    for (const url of [
      '/notices',
      '/notices/issued',
      '/notices/new',
      `/notices/${id}`,
      `/notices/${id}/edit`,
      `/notices/${id}/receipts`,
      `/notices/${id}/receipts.xlsx`,
    ]) {
      const res = await anon.get(url);
      expect(res.status, url).toBe(303);
      expect(res.headers.location, url).toBe(`/login?returnTo=${encodeURIComponent(url)}`);
    }
    const token = await csrfOf(anon);
    for (const url of [
      '/notices',
      `/notices/${id}/edit`,
      `/notices/${id}/publish`,
      `/notices/${id}/withdraw`,
      `/notices/${id}/remind`,
      `/notices/${id}/acknowledge`,
    ]) {
      const res = await anon.post(url).type('form').send({ _csrf: token, unit: w.committee.code, reason: 'x' });
      expect(res.status, url).toBe(303);
      expect(res.headers.location, url).toContain('/login');
    }
    expect(await testDb().notice.count({ where: { id, status: 'PUBLISHED' } })).toBe(1);
  });

  it('does not let staff, members or information officers issue', async () => {
    const w = await noticeWorld();
    for (const person of [w.staff, w.member, w.infoOfficer]) {
      const agent = await loginAs(person.username);
      expect((await agent.get('/notices/new')).status).toBe(403);
      expect((await agent.get(`/notices/new?unit=${w.branch.code}`)).status).toBe(403);
      expect((await agent.get('/notices/issued')).status).toBe(403);
      expect((await issue(agent, w.committee.code, { title: '越权发文' })).status).toBe(403);
      expect((await issue(agent, w.branch.code, { title: '越权发文', audience: 'UNITS', units: [w.branch.id] })).status).toBe(403);
    }
    expect((await (await loginAs(w.staff.username)).get('/notices')).text).not.toContain('起草通知');
    expect(await testDb().notice.count({ where: { title: '越权发文' } })).toBe(0);
  });

  it('keeps each issuer to their own unit', async () => {
    const w = await noticeWorld();
    const sec = await loginAs(w.secretary.username);
    expect((await issue(sec, w.committee.code, { title: '越权发文' })).status).toBe(403);
    expect((await issue(sec, w.other.code, { title: '越权发文', audience: 'UNITS', units: [w.other.id] })).status).toBe(403);
    expect((await sec.get(`/notices/issued?unit=${w.other.code}`)).status).toBe(403);
    // a party group's leader holds SECRETARY of the group, which does not issue notices
    const leader = await loginAs(w.groupLeader.username);
    expect((await leader.get(`/notices/new?unit=${w.group.code}`)).status).toBe(403);
    expect((await issue(leader, w.group.code, { title: '越权发文', audience: 'UNITS', units: [w.group.id] })).status).toBe(403);
    // the office acts for the committee, not for a branch
    const office = await loginAs(w.office.username);
    expect((await office.get(`/notices/new?unit=${w.branch.code}`)).status).toBe(403);
    expect((await office.get('/notices/new?unit=nosuchunit')).status).toBe(404);
    expect(await testDb().notice.count({ where: { title: '越权发文' } })).toBe(0);
  });

  it('refuses another unit’s notice to everyone but its issuer (and the office for receipts)', async () => {
    const w = await noticeWorld();
    const sec = await loginAs(w.secretary.username);
    const id = noticeIdOf(
      await issue(sec, w.branch.code, { audience: 'UNITS', units: [w.branch.id], ackRequired: 'on', ackDeadline: inDays(5) }),
    );
    const draft = noticeIdOf(await issue(sec, w.branch.code, { audience: 'UNITS', units: [w.branch.id], intent: 'draft' }));
    const other = await loginAs(w.otherSecretary.username);
    expect((await other.get(`/notices/${id}/receipts`)).status).toBe(403);
    expect((await other.get(`/notices/${id}/receipts.xlsx`)).status).toBe(403);
    // a draft is not there at all for those who may not see it (issue 16.2)
    expect((await other.get(`/notices/${draft}/edit`)).status).toBe(404);
    expect(
      (await post(other, `/notices/${draft}/edit`, { title: '改掉', issuer: 'x', body: 'x', audience: 'UNITS', units: [w.branch.id] }))
        .status,
    ).toBe(404);
    expect((await post(other, `/notices/${draft}/publish`)).status).toBe(404);
    expect((await post(other, `/notices/${id}/withdraw`, { reason: '越权撤回' })).status).toBe(403);
    expect((await post(other, `/notices/${id}/remind`)).status).toBe(403);
    const member = await loginAs(w.member.username);
    expect((await member.get(`/notices/${id}/receipts`)).status).toBe(403);
    expect((await post(member, `/notices/${id}/withdraw`, { reason: '越权撤回' })).status).toBe(403);
    const office = await loginAs(w.office.username);
    expect((await office.get(`/notices/${id}/receipts`)).status).toBe(200);
    expect((await post(office, `/notices/${id}/withdraw`, { reason: '越权撤回' })).status).toBe(403);
    expect((await testDb().notice.findUniqueOrThrow({ where: { id } })).status).toBe('PUBLISHED');
    expect((await testDb().notice.findUniqueOrThrow({ where: { id: draft } })).title).not.toBe('改掉');
    expect((await other.get('/notices/999999999')).status).toBe(404);
    expect((await other.get('/notices/abc/receipts')).status).toBe(404);
  });

  it('takes no new notices on an archived branch', async () => {
    const w = await noticeWorld();
    await testDb().unit.update({ where: { id: w.branch.id }, data: { archivedAt: new Date() } });
    const sec = await loginAs(w.secretary.username);
    expect((await sec.get(`/notices/new?unit=${w.branch.code}`)).status).toBe(403);
    expect((await issue(sec, w.branch.code, { audience: 'UNITS', units: [w.branch.id] })).status).toBe(403);
  });
});

describe('issuing a notice', () => {
  it('saves a draft, edits it, publishes it, and then refuses edits', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const form = await office.get(`/notices/new?unit=${w.committee.code}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('起草通知');
    expect(form.text).toContain(`value="${w.committee.name}"`);
    expect(form.text).toContain(w.branch.name);

    const id = noticeIdOf(
      await issue(office, w.committee.code, {
        title: '关于开展主题党日活动的通知（征求意见稿）',
        intent: 'draft',
        audience: 'UNITS',
        units: [w.branch.id],
      }),
    );
    expect(await testDb().notice.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'DRAFT',
      publishedAt: null,
      docNumber: '十部党发〔2026〕12号',
    });
    const edit = await office.get(`/notices/${id}/edit`);
    expect(edit.text).toContain('征求意见稿');
    expect(edit.text).toMatch(new RegExp(`name="units" value="${w.branch.id}" checked`));
    const saved = await post(office, `/notices/${id}/edit`, {
      unit: w.committee.code,
      title: '关于开展主题党日活动的通知',
      issuer: '十堰部件厂党委',
      body: '<p>各党支部：请按计划开展。</p>',
      audience: 'UNITS',
      units: [w.branch.id, w.other.id],
      intent: 'draft',
    });
    expect(saved.status).toBe(303);
    const units = await testDb().noticeUnit.findMany({ where: { noticeId: id }, orderBy: { unitId: 'asc' } });
    expect(units.filter((u) => u.chosen).map((u) => u.unitId)).toEqual([w.branch.id, w.other.id].sort((a, b) => a - b));
    expect(units.map((u) => u.unitId)).toContain(w.group.id);

    expect((await post(office, `/notices/${id}/publish`)).status).toBe(303);
    const n = await testDb().notice.findUniqueOrThrow({ where: { id } });
    expect(n.status).toBe('PUBLISHED');
    expect(n.publishedAt).not.toBeNull();
    const page = await (await loginAs(w.otherSecretary.username)).get(`/notices/${id}`);
    expect(page.text).toContain('关于开展主题党日活动的通知');
    expect(page.text).toContain('<p>各党支部：请按计划开展。</p>');

    const late = await office.get(`/notices/${id}/edit`);
    expect(late.status).toBe(303);
    expect((await office.get(late.headers.location)).text).toContain('已发布的通知不能修改');
    expect(
      (await post(office, `/notices/${id}/edit`, { unit: w.committee.code, title: '改', issuer: '党委', body: '改', audience: 'ALL' }))
        .status,
    ).toBe(400);
    const issued = await office.get(`/notices/issued?unit=${w.committee.code}`);
    expect(issued.text).toContain('关于开展主题党日活动的通知');
    expect(issued.text).toContain('已发布');
  });

  it('keeps plain text as paragraphs and escapes what must not run', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const id = noticeIdOf(
      await issue(office, w.committee.code, {
        title: '<script>alert(1)</script>紧急通知',
        docNumber: '<b>号</b>',
        issuer: '<i>党委</i>',
        body: '<p onclick="x()">正文<img src="http://evil.example/x.png" onerror="alert(2)"></p><script>alert(3)</script>',
        audience: 'UNITS',
        units: [w.branch.id],
      }),
    );
    const member = await loginAs(w.member.username);
    for (const url of [`/notices/${id}`, '/notices', `/units/${w.committee.code}/modules/notices`]) {
      const text = (await member.get(url)).text;
      expect(text, url).toContain('&lt;script&gt;alert(1)&lt;/script&gt;紧急通知');
      expect(text, url).not.toContain('<script>alert');
      expect(text, url).not.toContain('<b>号</b>');
    }
    const page = (await member.get(`/notices/${id}`)).text;
    expect(page).toContain('<p>正文</p>');
    expect(page).not.toContain('onerror');
    expect(page).not.toContain('onclick');
    expect(page).not.toContain('evil.example');
    expect((await office.get(`/notices/${id}/receipts`)).text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;紧急通知');

    const plain = noticeIdOf(
      await issue(office, w.committee.code, { title: '纯文本通知', body: '第一段 a<b\n\n第二段', audience: 'UNITS', units: [w.branch.id] }),
    );
    expect((await member.get(`/notices/${plain}`)).text).toContain('<p>第一段 a&lt;b</p><p>第二段</p>');
  });

  it('shows the form again with Chinese messages and what was typed', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const empty = await issue(office, w.committee.code, { title: '', body: '保留我的正文', docNumber: '十部党发〔2026〕99号' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写标题');
    expect(empty.text).toContain('保留我的正文');
    expect(empty.text).toContain('value="十部党发〔2026〕99号"');
    expect(empty.text).toContain('aria-invalid="true" aria-describedby="title-error"');

    const noUnits = await issue(office, w.committee.code, { title: '没选单位', audience: 'UNITS' });
    expect(noUnits.status).toBe(400);
    expect(noUnits.text).toContain('请选择接收单位');
    expect(noUnits.text).toContain('value="没选单位"');

    const noDeadline = await issue(office, w.committee.code, {
      title: '没有期限',
      ackRequired: 'on',
      units: [w.branch.id],
      audience: 'UNITS',
    });
    expect(noDeadline.status).toBe(400);
    expect(noDeadline.text).toContain('要求确认时请填写确认期限');
    expect(noDeadline.text).toMatch(new RegExp(`name="units" value="${w.branch.id}" checked`));
    expect(noDeadline.text).toMatch(/name="ackRequired" value="on" checked/);

    const past = await issue(office, w.committee.code, { title: '期限已过', ackRequired: 'on', ackDeadline: '2020-01-01' });
    expect(past.status).toBe(400);
    expect(past.text).toContain('确认期限不能早于今天');
    const badDate = await issue(office, w.committee.code, { title: '日期乱写', ackRequired: 'on', ackDeadline: '明天' });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('确认期限格式应为 年-月-日');
    const badAudience = await issue(office, w.committee.code, { title: '范围乱写', audience: 'EVERYONE' });
    expect(badAudience.status).toBe(400);
    expect(badAudience.text).toContain('请选择发送范围');
    const blankBody = await issue(office, w.committee.code, { title: '空正文', body: '<p><script>x</script></p>' });
    expect(blankBody.status).toBe(400);
    expect(blankBody.text).toContain('请填写正文');

    expect(
      await testDb().notice.count({ where: { title: { in: ['没选单位', '没有期限', '期限已过', '日期乱写', '范围乱写', '空正文'] } } }),
    ).toBe(0);
  });

  it('carries attachments that only its readers and issuer can download', async () => {
    const w = await noticeWorld();
    const office = await loginAs(w.office.username);
    const token = await csrfOf(office, '/me');
    const res = await office
      .post('/notices')
      .field('_csrf', token)
      .field('unit', w.committee.code)
      .field('title', '关于印发《党支部工作规范》的通知')
      .field('issuer', '十堰部件厂党委')
      .field('body', '请认真学习。')
      .field('audience', 'UNITS')
      .field('units', String(w.branch.id))
      .field('intent', 'publish')
      .attach('attachments', PDF, '党支部工作规范.pdf');
    const id = noticeIdOf(res);
    const link = await testDb().noticeAttachment.findFirstOrThrow({ where: { noticeId: id } });
    const member = await loginAs(w.member.username);
    const page = await member.get(`/notices/${id}`);
    expect(page.text).toContain('党支部工作规范.pdf');
    expect((await member.get(`/attachments/${link.attachmentId}`)).status).toBe(200);
    expect((await (await loginAs(w.otherSecretary.username)).get(`/attachments/${link.attachmentId}`)).status).toBe(403);
    await post(office, `/notices/${id}/withdraw`, { reason: '附件版本错误' });
    expect((await member.get(`/attachments/${link.attachmentId}`)).status).toBe(403);
    expect((await office.get(`/attachments/${link.attachmentId}`)).status).toBe(200);

    const bad = await office
      .post('/notices')
      .field('_csrf', token)
      .field('unit', w.committee.code)
      .field('title', '带坏附件')
      .field('issuer', '党委')
      .field('body', '正文')
      .field('audience', 'ALL')
      .field('intent', 'publish')
      .attach('attachments', Buffer.from('MZ\x90\x00not really a pdf'), '文件.pdf');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('附件“文件.pdf”');
    expect(bad.text).toContain('value="带坏附件"');
    expect(await testDb().notice.count({ where: { title: '带坏附件' } })).toBe(0);
  });

  it('lists a secretary’s branch among their issuing units, and the office’s committee', async () => {
    const w = await noticeWorld();
    const second = await makeUnit({ parentId: w.committee.id });
    await testDb().roleGrant.create({ data: { personId: w.secretary.id, role: 'SECRETARY', unitId: second.id } });
    const sec = await loginAs(w.secretary.username);
    const list = await sec.get('/notices');
    expect(list.text).toContain(`/notices/new?unit=${w.branch.code}`);
    expect(list.text).toContain(`/notices/new?unit=${second.code}`);
    expect(list.text).not.toContain(`/notices/new?unit=${w.committee.code}`);
    const issued = await sec.get(`/notices/issued?unit=${second.code}`);
    expect(issued.status).toBe(200);
    expect(issued.text).toContain('还没有发出过通知');
  });
});
