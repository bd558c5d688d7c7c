import { describe, expect, it } from 'vitest';
import { loginAs, postConcurrently, postForm } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

// Every state machine's step sent as a double click or ten tabs at once, and then once more: it moves once, is audited
// once, and the other sends get the page's usual "already done" message with status 400 (never a 500).
const CLICKS = 10;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Answers of ten simultaneous posts: one 303, the others 400 with `message`. */
function expectOnce(answers: { status: number; text: string }[], message: string) {
  expect(answers.map((a) => a.status).sort()).toEqual([303, ...Array(CLICKS - 1).fill(400)]);
  for (const a of answers.filter((x) => x.status === 400)) expect(a.text).toContain(message);
}

const audits = (action: string, entityId: number) => testDb().auditLog.count({ where: { action, entityId: String(entityId) } });

describe('a PDCA step sent twice or at once', () => {
  it('moves the item one stage, leaves one step row, and tells the other sends it has moved on', async () => {
    const w = await makeBranchWorld();
    const c = await testDb().countermeasure.create({
      data: { unitId: w.branch.id, source: 'OTHER', problem: '党小组会记录不全', dueDate: new Date(iso(14)), createdById: w.office.id },
    });
    const url = `/units/${w.branch.code}/pdca/${c.id}`;
    const sec = await loginAs(w.secretary.username);
    const form = await sec.get(url);
    expect(form.text).toContain('name="stage" value="PLAN"');
    const plan = { stage: 'PLAN', answer: '已制定计划', cause: '交接不清', action: '补记录' };
    expectOnce(await postConcurrently(sec, `${url}/advance`, Array(CLICKS).fill(plan), url), '该事项已推进到“D 实施”');
    expect((await testDb().countermeasure.findUniqueOrThrow({ where: { id: c.id } })).stage).toBe('DO');

    // the same form sent again later (the back button): refused, nothing moves
    const again = await postForm(sec, `${url}/advance`, plan, url);
    expect(again.status).toBe(400);
    expect(again.text).toContain('该事项已推进到“D 实施”');
    const after = await testDb().countermeasure.findUniqueOrThrow({ where: { id: c.id }, include: { steps: true } });
    expect(after.stage).toBe('DO');
    expect(after.steps.map((s) => s.toStage)).toEqual(['DO']);
    expect(await audits('pdca.advanced', c.id)).toBe(1);
  });
});

describe('a notice published or withdrawn by many clicks at once', () => {
  it('is published once and withdrawn once, each recorded once', async () => {
    const w = await makeBranchWorld();
    const sec = await loginAs(w.secretary.username);
    const draft = await postForm(sec, '/notices', {
      unit: w.branch.code,
      title: '关于专项自查的通知',
      issuer: '支部',
      body: '请自查。',
      audience: 'UNITS',
      units: String(w.branch.id),
      intent: 'draft',
    });
    expect(draft.status).toBe(303);
    const url = draft.headers.location as string;
    const id = Number(/\/notices\/(\d+)/.exec(url)![1]);
    // the notice page's buttons answer with a flash message after the redirect
    const clicks = await postConcurrently(sec, `${url}/publish`, Array(CLICKS).fill({}), url);
    expect(clicks.map((a) => a.status)).toEqual(Array(CLICKS).fill(303));
    expect(await audits('notice.published', id)).toBe(1);
    await postForm(sec, `${url}/publish`, {}, url);
    expect((await sec.get(url)).text).toContain('该通知已发布或已撤回');
    expect(await audits('notice.published', id)).toBe(1);

    const withdrawals = await postConcurrently(sec, `${url}/withdraw`, Array(CLICKS).fill({ reason: '内容有误' }), url);
    expectOnce(withdrawals, '只有已发布的通知可以撤回');
    expect(await audits('notice.withdrawn', id)).toBe(1);
  });
});

describe('an inspection closed by many clicks at once', () => {
  it('is closed once; the other clicks are told it has ended', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    const start = await postForm(office, '/inspections', {
      unit: w.branch.code,
      visitDate: iso(0),
      inspectors: '党务室',
      scope: '三会一课',
    });
    const url = start.headers.location as string;
    const id = Number(/\/inspections\/(\d+)/.exec(url)![1]);
    expectOnce(await postConcurrently(office, `${url}/close`, Array(CLICKS).fill({}), url), '本次检查已经结束');
    const again = await postForm(office, `${url}/close`, {}, url);
    expect(again.status).toBe(400);
    expect(again.text).toContain('本次检查已经结束');
    expect(await audits('inspection.closed', id)).toBe(1);
  });
});

describe('an assessment quarter published or reopened by many clicks at once', () => {
  it('is published once and reopened once', async () => {
    const w = await makeBranchWorld();
    // a year no other test uses (the routes test counts up from 2201)
    const year = 2700 + Math.floor(Math.random() * 250);
    const scheme = await testDb().assessmentScheme.create({
      data: { year, criteria: { create: [{ title: '党建工作实绩', method: 'MANUAL', weight: 30, maxScore: 10, sortOrder: 1 }] } },
      include: { criteria: true },
    });
    const office = await loginAs(w.office.username);
    const sheet = `/assessment/${year}/q/1`;
    expect((await postForm(office, `${sheet}/compute`, {}, sheet)).status).toBe(303);
    const scored = await postForm(office, `${sheet}/scores`, { [`score_${w.branch.id}_${scheme.criteria[0].id}`]: '8' }, sheet);
    expect(scored.status).toBe(303);
    expectOnce(await postConcurrently(office, `${sheet}/publish`, Array(CLICKS).fill({}), sheet), '本季度考核结果已经发布');
    const round = await testDb().assessmentRound.findFirstOrThrow({ where: { schemeId: scheme.id, quarter: 1 } });
    expect(await audits('assessment.published', round.id)).toBe(1);
    expectOnce(await postConcurrently(office, `${sheet}/reopen`, Array(CLICKS).fill({}), sheet), '本季度考核结果尚未发布');
    expect(await audits('assessment.reopened', round.id)).toBe(1);
  });
});

describe('a voice answered by many clicks at once', () => {
  it('gets one answer', async () => {
    const w = await makeBranchWorld();
    const member = await loginAs(w.member.username);
    const wrote = await postForm(member, '/voices', {
      unit: w.branch.code,
      category: 'SUGGESTION',
      title: '建议增加学习资料',
      body: '希望多一些案例。',
    });
    const url = wrote.headers.location as string;
    const id = Number(/\/voices\/(\d+)/.exec(url)![1]);
    const sec = await loginAs(w.secretary.username);
    expectOnce(await postConcurrently(sec, `${url}/answer`, Array(CLICKS).fill({ body: '已安排' }), url), '答复');
    expect(await testDb().voiceMessage.count({ where: { voiceId: id, kind: 'ANSWER' } })).toBe(1);
    expect(await audits('voice.answered', id)).toBe(1);
  });
});

describe('a consultation’s summary published by many clicks at once', () => {
  it('is published once; the other clicks are recorded as corrections', async () => {
    const w = await makeBranchWorld();
    const c = await testDb().consultation.create({
      data: {
        unitId: w.branch.id,
        title: '关于支部活动安排的意见',
        description: '请提出建议。',
        audience: 'ALL',
        startDate: new Date(`${iso(-9)}T00:00:00Z`),
        endDate: new Date(`${iso(-1)}T00:00:00Z`),
        createdById: w.secretary.id,
      },
    });
    const sec = await loginAs(w.secretary.username);
    const url = `/consultations/${c.id}`;
    const answers = await postConcurrently(
      sec,
      `${url}/summary`,
      Array(CLICKS).fill({ heard: '希望形式更丰富', actions: '增加活动' }),
      url,
    );
    expect(answers.map((a) => a.status)).toEqual(Array(CLICKS).fill(303));
    expect(await audits('consultation.summary_published', c.id)).toBe(1);
    expect(await audits('consultation.summary_changed', c.id)).toBe(CLICKS - 1);
  });
});
