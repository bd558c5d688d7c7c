import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { recruitmentSignals } from '../../src/domain/recruitment/recruitment.todo.js';
import { checkStep, pipelineState } from '../../src/domain/recruitment/timeline.js';
import { loginAs, postForm, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson } from '../helpers/factories.js';

const daysAgo = (n: number) => dayjs().subtract(n, 'day').format('YYYY-MM-DD');
const plus = (day: string, n: number, unit: 'month' | 'year') => dayjs(day).add(n, unit).format('YYYY-MM-DD');

async function world() {
  const w = await makeBranchWorld();
  const applicant = await makePerson({ displayName: '申请人甲', homeUnitId: w.branch.id, partyStatus: 'MASSES' });
  const org = await loginAs(w.orgMember.username);
  return { ...w, applicant, org, url: `/units/${w.branch.code}/recruitment` };
}

const record = (agent: Agent, url: string, body: Record<string, unknown>) => postForm(agent, url, body, url);

describe('recruitment on its timeline', () => {
  it('refuses a step earlier than the rules allow, with the day it becomes possible; the office records an exception', async () => {
    const w = await world();
    const applied = daysAgo(400);
    const activist = daysAgo(200);
    expect(
      (await record(w.org, w.url, { personId: w.applicant.id, kind: 'APPLICATION', on: applied, document: '入党申请书' })).status,
    ).toBe(303);
    expect((await record(w.org, w.url, { personId: w.applicant.id, kind: 'TALK', on: daysAgo(390) })).status).toBe(303);
    expect((await record(w.org, w.url, { personId: w.applicant.id, kind: 'ACTIVIST', on: activist })).status).toBe(303);

    const early = await record(w.org, w.url, { personId: w.applicant.id, kind: 'CANDIDATE', on: daysAgo(1) });
    expect(early.status).toBe(400);
    expect(early.text).toContain(`确定为入党积极分子满一年后才能列为发展对象，最早可于 ${plus(activist, 1, 'year')} 记录`);
    expect(early.text).toContain(`value="${daysAgo(1)}"`);
    // an officer of the branch cannot make an exception
    const notOffice = await record(w.org, w.url, {
      personId: w.applicant.id,
      kind: 'CANDIDATE',
      on: daysAgo(1),
      exceptionReason: '特殊情况',
    });
    expect(notOffice.status).toBe(403);

    const office = await loginAs(w.office.username);
    const blank = await record(office, w.url, { personId: w.applicant.id, kind: 'CANDIDATE', on: daysAgo(1) });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('党委办公室可填写例外原因后记录');
    const excepted = await record(office, w.url, {
      personId: w.applicant.id,
      kind: 'CANDIDATE',
      on: daysAgo(1),
      exceptionReason: '经党委研究同意提前列为发展对象',
    });
    expect(excepted.status).toBe(303);
    const page = await office.get(w.url);
    expect(page.text).toContain('例外：经党委研究同意提前列为发展对象');
    expect(page.text).toContain('发展对象');
    expect((await testDb().person.findUniqueOrThrow({ where: { id: w.applicant.id } })).partyStatus).toBe('CANDIDATE');
    expect(await testDb().auditLog.count({ where: { action: 'recruitment.exception_recorded', entityId: String(w.applicant.id) } })).toBe(
      1,
    );
    expect(await testDb().auditLog.count({ where: { action: 'recruitment.step_recorded', entityId: String(w.applicant.id) } })).toBe(3);
  });

  it('marks a talk not held within a month as overdue, on the page, the to-do and the morning review', async () => {
    const w = await world();
    await record(w.org, w.url, { personId: w.applicant.id, kind: 'APPLICATION', on: daysAgo(45) });
    const page = await w.org.get(w.url);
    expect(page.status).toBe(200);
    const row = page.text.slice(page.text.indexOf('>申请人甲</th>'));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(/组织谈话\s*<span class="badge bad">已逾期<\/span>/);
    expect(row).toContain(`应于 ${plus(daysAgo(45), 1, 'month')} 前完成`);
    const todo = await w.org.get('/me/todo');
    expect(todo.text).toContain('申请人甲：组织谈话');
    const secretary = await loginAs(w.secretary.username);
    expect((await secretary.get('/me/todo')).text).toContain('申请人甲：组织谈话');
    const member = await loginAs(w.member.username);
    expect((await member.get('/me/todo')).text).not.toContain('申请人甲');
    const signals = await recruitmentSignals(testDb(), { branchIds: [w.branch.id, w.other.id], now: new Date() });
    expect(signals.get(w.branch.id)).toEqual({ overdueRecruitment: 1 });
    expect(signals.get(w.other.id)).toBeUndefined();
    const review = await (await loginAs(w.office.username)).get('/review');
    expect(review.text).toContain('逾期发展步骤');
    expect(review.text).toContain('2×逾期发展步骤');
  });

  it('keeps the rules: training of 3 days or 24 学时, probation extended once, 转正 after the probation', async () => {
    const w = await world();
    const steps: [string, string, Record<string, unknown>?][] = [
      ['APPLICATION', daysAgo(1000)],
      ['ACTIVIST', daysAgo(950)],
      ['CANDIDATE', daysAgo(500)],
      ['TRAINING', daysAgo(490), { days: '3' }],
      ['POLITICAL_REVIEW', daysAgo(480)],
      ['RESOLUTION', daysAgo(300)],
      ['APPROVAL', daysAgo(250)],
    ];
    for (const [kind, on, extra] of steps) {
      const res = await record(w.org, w.url, { personId: w.applicant.id, kind, on, ...extra });
      expect(res.status, kind).toBe(303);
    }
    const short = checkStep([{ kind: 'CANDIDATE', on: '2025-01-01' }], { kind: 'TRAINING', on: '2025-02-01', days: 2, hours: 16 });
    expect(short).toMatchObject({ ok: false, message: '集中培训不少于 3 天或 24 学时' });
    const full = await record(w.org, w.url, { personId: w.applicant.id, kind: 'FULL', on: daysAgo(0) });
    expect(full.status).toBe(400);
    expect(full.text).toContain(`预备期满一年（含延长期）后才能转正，最早可于 ${plus(daysAgo(300), 1, 'year')} 记录`);
    expect((await record(w.org, w.url, { personId: w.applicant.id, kind: 'EXTENSION', on: daysAgo(1), months: '6' })).status).toBe(303);
    const again = await record(w.org, w.url, { personId: w.applicant.id, kind: 'EXTENSION', on: daysAgo(0), months: '6' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('预备期只能延长一次');
    const state = pipelineState(
      [
        { kind: 'RESOLUTION', on: '2025-03-01' },
        { kind: 'APPROVAL', on: '2025-04-01' },
        { kind: 'EXTENSION', on: '2026-02-20', months: 6 },
      ],
      '2026-08-10',
    );
    expect(state.probationEnds).toBe('2026-09-01');
    expect(state.next).toEqual([expect.objectContaining({ kind: 'FULL', due: '2026-09-01', soon: true, overdue: false })]);
  });

  it('shows the pipeline to the secretary, the 组织委员 and the office only', async () => {
    const w = await world();
    for (const [who, status] of [
      [w.secretary, 200],
      [w.office, 200],
      [w.infoOfficer, 403],
      [w.member, 403],
      [w.staff, 403],
      [w.otherSecretary, 403],
    ] as const) {
      const agent = await loginAs(who.username);
      expect((await agent.get(w.url)).status, who.displayName).toBe(status);
    }
    expect((await w.org.get(w.url)).status).toBe(200);
    const member = await loginAs(w.member.username);
    expect((await record(member, w.url, { personId: w.applicant.id, kind: 'APPLICATION', on: daysAgo(3) })).status).toBe(403);
  });
});
