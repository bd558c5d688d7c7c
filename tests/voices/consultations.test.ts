import { describe, expect, it } from 'vitest';
import { today } from '../../src/domain/consultations/audience.js';
import type { ConsultationAudience } from '../../src/generated/prisma/enums.js';
import { anonymous, csrfOf, loginAs, postConcurrently, postForm, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, makeUnit } from '../helpers/factories.js';
import { uniqueName } from './voice-helpers.js';

const DAY = 86_400_000;
const dayOffset = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * DAY);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A consultation written straight into the database, open today unless told otherwise. */
async function makeConsultation(opts: {
  unitId: number;
  companyWide?: boolean;
  audience?: ConsultationAudience;
  unitIds?: number[];
  from?: number;
  to?: number;
  createdById: number;
  title?: string;
  summary?: boolean;
}) {
  return testDb().consultation.create({
    data: {
      unitId: opts.unitId,
      companyWide: opts.companyWide ?? false,
      title: opts.title ?? uniqueName('征求'),
      description: '请大家提出意见。',
      audience: opts.audience ?? 'ALL',
      startDate: dayOffset(opts.from ?? -3),
      endDate: dayOffset(opts.to ?? 3),
      createdById: opts.createdById,
      units: { create: (opts.unitIds ?? []).map((unitId) => ({ unitId })) },
      ...(opts.summary ? { summaryHeard: '听到的：食堂排队久。', summaryActions: '措施：增设窗口。', summaryPublishedAt: new Date() } : {}),
    },
  });
}

describe('opening a consultation', () => {
  it('lets the office ask the whole company, and everyone see and answer it', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const form = await office.get(`/consultations/new?unit=${w.committee.code}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`name="unit" value="${w.committee.code}"`);
    const title = uniqueName('关于食堂就餐');
    const res = await postForm(office, '/consultations', {
      unit: w.committee.code,
      title,
      description: '请对食堂提出意见',
      audience: 'ALL',
      startDate: today(),
      endDate: iso(dayOffset(7)),
    });
    expect(res.status).toBe(303);
    const c = await testDb().consultation.findFirstOrThrow({ where: { title } });
    expect(c).toMatchObject({ unitId: w.committee.id, companyWide: true, audience: 'ALL' });
    expect(res.headers.location).toBe(`/consultations/${c.id}`);
    const elsewhere = await makePerson({ homeUnitId: (await makeUnit()).id });
    for (const who of [w.staff, w.member, elsewhere]) {
      const list = await (await loginAs(who.username)).get('/consultations');
      expect(list.text, who.username).toContain(title);
    }
    expect((await testDb().auditLog.findFirstOrThrow({ where: { entityType: 'Consultation', entityId: String(c.id) } })).action).toBe(
      'consultation.opened',
    );
  });

  it('lets a secretary ask their branch, with a UNITS audience among its party groups only', async () => {
    const w = await makeBranchWorld();
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id });
    const sec = await loginAs(w.secretary.username);
    const form = await sec.get('/consultations/new');
    expect(form.text).toContain(`name="unit" value="${w.branch.code}"`);
    expect(form.text).toContain(`value="${group.id}"`);
    expect(form.text).not.toContain(`value="${w.other.id}"`);
    const bad = await postForm(sec, '/consultations', {
      unit: w.branch.code,
      title: '小组意见',
      description: 'd',
      audience: 'UNITS',
      unitIds: String(w.other.id),
      startDate: today(),
      endDate: today(),
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('请至少选择一个征求范围内的单位');
    const ok = await postForm(sec, '/consultations', {
      unit: w.branch.code,
      title: '小组意见',
      description: 'd',
      audience: 'UNITS',
      unitIds: String(group.id),
      startDate: today(),
      endDate: today(),
    });
    expect(ok.status).toBe(303);
    const c = await testDb().consultation.findFirstOrThrow({ where: { unitId: w.branch.id }, include: { units: true } });
    expect(c.companyWide).toBe(false);
    expect(c.units.map((u) => u.unitId)).toEqual([group.id]);
  });

  it('asks again in Chinese, keeping what was typed', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const empty = await postForm(office, '/consultations', {
      unit: w.committee.code,
      title: '',
      description: '保留的说明文字',
      audience: 'MEMBERS',
      startDate: today(),
      endDate: today(),
    });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写标题');
    expect(empty.text).toContain('保留的说明文字');
    expect(empty.text).toContain('value="MEMBERS" checked');
    const backwards = await postForm(office, '/consultations', {
      unit: w.committee.code,
      title: '日期颠倒',
      description: 'd',
      audience: 'ALL',
      startDate: iso(dayOffset(5)),
      endDate: iso(dayOffset(2)),
    });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('截止日期不能早于开始日期');
    expect(backwards.text).toContain('value="日期颠倒"');
    const past = await postForm(office, '/consultations', {
      unit: w.committee.code,
      title: '已过期',
      description: 'd',
      audience: 'ALL',
      startDate: iso(dayOffset(-9)),
      endDate: iso(dayOffset(-2)),
    });
    expect(past.status).toBe(400);
    expect(past.text).toContain('截止日期不能早于今天');
    const badDate = await postForm(office, '/consultations', {
      unit: w.committee.code,
      title: 't',
      description: 'd',
      audience: 'ALL',
      startDate: '2026-13-45',
      endDate: 'x',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('截止日期');
    const noAudience = await postForm(office, '/consultations', {
      unit: w.committee.code,
      title: 't',
      description: 'd',
      startDate: today(),
      endDate: today(),
    });
    expect(noAudience.status).toBe(400);
    expect(noAudience.text).toContain('请选择征求范围');
    const noUnits = await postForm(office, '/consultations', {
      unit: w.committee.code,
      title: 't',
      description: 'd',
      audience: 'UNITS',
      startDate: today(),
      endDate: today(),
    });
    expect(noUnits.status).toBe(400);
    expect(noUnits.text).toContain('请至少选择一个征求范围内的单位');
    expect(await testDb().consultation.count({ where: { createdById: w.office.id } })).toBe(0);
  });

  it('refuses anyone but the unit’s secretary (the office for the committee)', async () => {
    const w = await makeBranchWorld();
    const visitor = anonymous();
    expect((await visitor.get('/consultations')).headers.location).toBe('/login?returnTo=%2Fconsultations');
    expect((await visitor.get('/consultations/new')).headers.location).toContain('/login');
    const _csrf = await csrfOf(visitor);
    expect((await visitor.post('/consultations').type('form').send({ _csrf, unit: w.committee.code })).headers.location).toContain(
      '/login',
    );
    const c = await makeConsultation({ unitId: w.committee.id, companyWide: true, createdById: w.office.id });
    for (const url of [`/consultations/${c.id}/opinion`, `/consultations/${c.id}/summary`]) {
      expect((await visitor.post(url).type('form').send({ _csrf, body: 'x', heard: 'h', actions: 'a' })).headers.location, url).toContain(
        '/login',
      );
    }
    expect((await visitor.get(`/consultations/${c.id}`)).headers.location).toBe(`/login?returnTo=%2Fconsultations%2F${c.id}`);
    for (const who of [w.member, w.staff, w.infoOfficer]) {
      const agent = await loginAs(who.username);
      expect((await agent.get('/consultations/new')).status, who.username).toBe(403);
      expect(
        (
          await postForm(agent, '/consultations', {
            unit: w.branch.code,
            title: 't',
            description: 'd',
            audience: 'ALL',
            startDate: today(),
            endDate: today(),
          })
        ).status,
      ).toBe(403);
    }
    const sec = await loginAs(w.secretary.username);
    expect((await sec.get(`/consultations/new?unit=${w.committee.code}`)).status).toBe(403);
    expect((await sec.get(`/consultations/new?unit=${w.other.code}`)).status).toBe(403);
    expect(
      (
        await postForm(sec, '/consultations', {
          unit: w.other.code,
          title: 't',
          description: 'd',
          audience: 'ALL',
          startDate: today(),
          endDate: today(),
        })
      ).status,
    ).toBe(403);
    expect((await sec.get('/consultations/new?unit=nosuch')).status).toBe(404);
    const office = await loginAs(w.office.username);
    expect((await office.get(`/consultations/new?unit=${w.branch.code}`)).status).toBe(403);
    expect(await testDb().consultation.count({ where: { unitId: { in: [w.branch.id, w.other.id] } } })).toBe(0);
    expect(await testDb().consultationOpinion.count({ where: { consultationId: c.id } })).toBe(0);
  });
});

describe('the audience', () => {
  it('reaches party members only when the audience is members', async () => {
    const w = await makeBranchWorld();
    const c = await makeConsultation({ unitId: w.committee.id, companyWide: true, audience: 'MEMBERS', createdById: w.office.id });
    const member = await loginAs(w.member.username);
    const staff = await loginAs(w.staff.username);
    expect((await member.get('/consultations')).text).toContain(c.title);
    expect((await staff.get('/consultations')).text).not.toContain(c.title);
    expect((await staff.get(`/consultations/${c.id}`)).status).toBe(403);
    expect((await postForm(staff, `/consultations/${c.id}/opinion`, { body: '群众的意见' })).status).toBe(403);
    expect((await postForm(member, `/consultations/${c.id}/opinion`, { body: '党员的意见' })).status).toBe(303);
  });

  it('reaches the people of the chosen units, including those in their party groups', async () => {
    const w = await makeBranchWorld();
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id });
    const inGroup = await makePerson({ homeUnitId: group.id });
    const otherMember = await makePerson({ roles: [{ role: 'MEMBER', unitId: w.other.id }], homeUnitId: w.other.id });
    const c = await makeConsultation({
      unitId: w.committee.id,
      companyWide: true,
      audience: 'UNITS',
      unitIds: [w.branch.id],
      createdById: w.office.id,
    });
    for (const who of [w.member, w.staff, inGroup])
      expect((await (await loginAs(who.username)).get(`/consultations/${c.id}`)).status, who.username).toBe(200);
    const outsider = await loginAs(otherMember.username);
    expect((await outsider.get('/consultations')).text).not.toContain(c.title);
    expect((await outsider.get(`/consultations/${c.id}`)).status).toBe(403);
    expect((await postForm(outsider, `/consultations/${c.id}/opinion`, { body: '外单位意见' })).status).toBe(403);
  });

  it('keeps a branch’s own consultation within the branch; the office reads it but cannot answer', async () => {
    const w = await makeBranchWorld();
    const c = await makeConsultation({ unitId: w.branch.id, audience: 'ALL', createdById: w.secretary.id });
    expect((await (await loginAs(w.staff.username)).get(`/consultations/${c.id}`)).status).toBe(200);
    const otherSec = await loginAs(w.otherSecretary.username);
    expect((await otherSec.get(`/consultations/${c.id}`)).status).toBe(403);
    expect((await otherSec.get('/consultations')).text).not.toContain(c.title);
    const office = await loginAs(w.office.username);
    const page = await office.get(`/consultations/${c.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('/opinion"');
    expect((await postForm(office, `/consultations/${c.id}/opinion`, { body: '党务室意见' })).status).toBe(403);
  });
});

describe('opinions and the summary', () => {
  it('takes one opinion per person, editable while open; the owner reads them all with names', async () => {
    const w = await makeBranchWorld();
    const c = await makeConsultation({ unitId: w.branch.id, audience: 'ALL', createdById: w.secretary.id });
    const staff = await loginAs(w.staff.username);
    const first = await postForm(staff, `/consultations/${c.id}/opinion`, { body: '建议把学习时间放在周四。' });
    expect(first.status).toBe(303);
    expect((await staff.get(`/consultations/${c.id}`)).text).toContain('建议把学习时间放在周四。');
    expect((await postForm(staff, `/consultations/${c.id}/opinion`, { body: '改为周五下午更好。' })).status).toBe(303);
    await postForm(await loginAs(w.member.username), `/consultations/${c.id}/opinion`, { body: '<script>alert(1)</script>' });
    const rows = await testDb().consultationOpinion.findMany({ where: { consultationId: c.id }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.authorId, r.body])).toEqual([
      [w.staff.id, '改为周五下午更好。'],
      [w.member.id, '<script>alert(1)</script>'],
    ]);
    const owner = (await (await loginAs(w.secretary.username)).get(`/consultations/${c.id}`)).text;
    expect(owner).toContain('改为周五下午更好。');
    expect(owner).toContain(w.staff.displayName);
    expect(owner).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(owner).not.toContain('<script>alert(1)</script>');
    // people in the audience see their own opinion, not the others'
    const mine = (await staff.get(`/consultations/${c.id}`)).text;
    expect(mine).not.toContain(w.member.displayName);
    expect(mine).not.toContain('alert(1)');
    const empty = await postForm(staff, `/consultations/${c.id}/opinion`, { body: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写意见');
    const actions = await testDb().auditLog.findMany({
      where: { entityType: 'Consultation', entityId: String(c.id), actorId: w.staff.id },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(['consultation.opinion_given', 'consultation.opinion_changed']);
  });

  it('takes no opinion before it starts or after it closes', async () => {
    const w = await makeBranchWorld();
    const upcoming = await makeConsultation({ unitId: w.branch.id, from: 2, to: 5, createdById: w.secretary.id });
    const closed = await makeConsultation({ unitId: w.branch.id, from: -9, to: -1, createdById: w.secretary.id });
    const staff = await loginAs(w.staff.username);
    const early = await postForm(staff, `/consultations/${upcoming.id}/opinion`, { body: '提前的意见' });
    expect(early.status).toBe(400);
    expect(early.text).toContain('征求意见尚未开始');
    const late = await postForm(staff, `/consultations/${closed.id}/opinion`, { body: '迟到的意见' });
    expect(late.status).toBe(400);
    expect(late.text).toContain('征求意见已经截止');
    expect(await testDb().consultationOpinion.count({ where: { consultationId: { in: [upcoming.id, closed.id] } } })).toBe(0);
  });

  it('publishes the summary after it closes, for the audience to read', async () => {
    const w = await makeBranchWorld();
    const open = await makeConsultation({ unitId: w.branch.id, createdById: w.secretary.id });
    const closed = await makeConsultation({ unitId: w.branch.id, from: -9, to: -1, createdById: w.secretary.id });
    const sec = await loginAs(w.secretary.username);
    const tooEarly = await postForm(sec, `/consultations/${open.id}/summary`, { heard: '听到', actions: '措施' });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.text).toContain('征求意见截止后才能发布汇总');
    const missing = await postForm(sec, `/consultations/${closed.id}/summary`, { heard: '大家希望活动形式更丰富', actions: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('请填写将要采取的措施');
    expect(missing.text).toContain('大家希望活动形式更丰富');
    for (const who of [w.member, w.otherSecretary, w.office]) {
      expect(
        (await postForm(await loginAs(who.username), `/consultations/${closed.id}/summary`, { heard: 'h', actions: 'a' })).status,
        who.username,
      ).toBe(403);
    }
    expect(
      (await postForm(sec, `/consultations/${closed.id}/summary`, { heard: '大家希望活动形式更丰富', actions: '下季度组织一次参观学习' }))
        .status,
    ).toBe(303);
    const page = (await (await loginAs(w.staff.username)).get(`/consultations/${closed.id}`)).text;
    expect(page).toContain('已发布汇总');
    expect(page).toContain('下季度组织一次参观学习');
    expect((await testDb().consultation.findUniqueOrThrow({ where: { id: closed.id } })).summaryPublishedAt).not.toBeNull();
    expect((await postForm(sec, `/consultations/${closed.id}/summary`, { heard: '更正后的意见', actions: '更正后的措施' })).status).toBe(
      303,
    );
    const actions = await testDb().auditLog.findMany({
      where: { entityType: 'Consultation', entityId: String(closed.id) },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(['consultation.summary_published', 'consultation.summary_changed']);
  });

  it('answers 404 for a consultation that does not exist', async () => {
    const agent = await loginAs((await makePerson()).username);
    expect((await agent.get('/consultations/99999999')).status).toBe(404);
    expect((await agent.get('/consultations/x')).status).toBe(404);
  });

  it('lists with a fixed number of queries whatever the number of consultations', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.member.username);
    const add = async (n: number) => {
      for (let i = 0; i < n; i++)
        await makeConsultation({
          unitId: i % 2 ? w.branch.id : w.committee.id,
          companyWide: i % 2 === 0,
          audience: i % 3 === 0 ? 'UNITS' : 'ALL',
          unitIds: [w.branch.id],
          createdById: w.office.id,
        });
    };
    await add(2);
    const small = sqlQueries(await coldGet(agent, '/consultations'));
    await add(20);
    expect(sqlQueries(await coldGet(agent, '/consultations'))).toBe(small);
  });
});

describe('one person’s opinion saved twice at the same instant (a double click, two tabs)', () => {
  it('never answers 500: one opinion holding a submitted text, given once and changed by the other saves', async () => {
    const w = await makeBranchWorld();
    const staff = await loginAs(w.staff.username);
    const bodies = [1, 2, 3, 4, 5].map((i) => `第${i}稿：建议增加夜班食堂供应。`);
    // several consultations in a row, so that a race won by chance in one of them still shows in another
    for (let round = 0; round < 6; round++) {
      const c = await makeConsultation({ unitId: w.branch.id, audience: 'ALL', createdById: w.secretary.id });
      const answers = await postConcurrently(
        staff,
        `/consultations/${c.id}/opinion`,
        bodies.map((body) => ({ body })),
      );
      expect(
        answers.map((r) => r.status),
        `round ${round}`,
      ).toEqual(bodies.map(() => 303));
      const rows = await testDb().consultationOpinion.findMany({ where: { consultationId: c.id, authorId: w.staff.id } });
      expect(rows).toHaveLength(1);
      expect(bodies).toContain(rows[0].body);
      const actions = await testDb().auditLog.findMany({
        where: { entityType: 'Consultation', entityId: String(c.id), actorId: w.staff.id },
        select: { action: true },
      });
      expect(actions.map((a) => a.action).sort(), `round ${round}`).toEqual([
        'consultation.opinion_changed',
        'consultation.opinion_changed',
        'consultation.opinion_changed',
        'consultation.opinion_changed',
        'consultation.opinion_given',
      ]);
    }
  });
});
