import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { loginAs, postConcurrently, postForm, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson } from '../helpers/factories.js';

const local = (d: dayjs.Dayjs) => d.format('YYYY-MM-DDTHH:mm');
const YEAR = 2025;

/** A branch with a round open now: the secretary, the 组织委员, a member and one more member appraised. */
async function world() {
  const w = await makeBranchWorld();
  const extra = await makePerson({ displayName: '党员丙', homeUnitId: w.branch.id, partyStatus: 'PROBATIONARY' });
  const url = `/units/${w.branch.code}/appraisals/${YEAR}`;
  const sec = await loginAs(w.secretary.username);
  const subjects = [w.secretary, w.orgMember, w.member, extra];
  const res = await postForm(
    sec,
    url,
    {
      personIds: subjects.map((s) => s.id),
      grades: '优秀\n合格\n基本合格\n不合格',
      opensAt: local(dayjs().subtract(1, 'hour')),
      closesAt: local(dayjs().add(1, 'hour')),
    },
    url,
  );
  expect(res.status).toBe(303);
  const round = await testDb().appraisalRound.findUniqueOrThrow({ where: { unitId_year: { unitId: w.branch.id, year: YEAR } } });
  return { ...w, extra, url, sec, subjects, round };
}

const ballotFor = (voterId: number, subjects: { id: number }[], grade: (id: number) => string) =>
  Object.fromEntries(subjects.filter((s) => s.id !== voterId).map((s) => [`grade_${s.id}`, grade(s.id)]));

async function vote(agent: Agent, url: string, body: Record<string, string>) {
  return postForm(agent, `${url}/ballot`, body, `${url}/ballot`);
}

describe('民主评议党员 with one secret ballot each', () => {
  it('takes one ballot per member, refuses a second and a grade outside the list, and closes on time', async () => {
    const w = await world();
    const member = await loginAs(w.member.username);
    const outside = await vote(
      member,
      w.url,
      ballotFor(w.member.id, w.subjects, () => '很好'),
    );
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('等次不在本次评议的等次中');
    const missing = await vote(member, w.url, {});
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('请选择等次');
    expect(await testDb().appraisalBallot.count({ where: { roundId: w.round.id } })).toBe(0);

    expect(
      (
        await vote(
          member,
          w.url,
          ballotFor(w.member.id, w.subjects, () => '优秀'),
        )
      ).status,
    ).toBe(303);
    const again = await postForm(
      member,
      `${w.url}/ballot`,
      ballotFor(w.member.id, w.subjects, () => '合格'),
      w.url,
    );
    expect(again.status).toBe(400);
    expect(again.text).toContain('您已经投过票，每人只能投一次');
    expect(await testDb().appraisalBallot.count({ where: { roundId: w.round.id } })).toBe(1);
    expect(await testDb().auditLog.count({ where: { action: 'appraisal.ballot_cast', entityId: String(w.round.id) } })).toBe(1);

    const staff = await loginAs(w.staff.username);
    expect((await staff.get(`${w.url}/ballot`)).status).toBe(403);
    await testDb().appraisalRound.update({ where: { id: w.round.id }, data: { closesAt: dayjs().subtract(1, 'minute').toDate() } });
    const org = await loginAs(w.orgMember.username);
    const late = await postForm(
      org,
      `${w.url}/ballot`,
      ballotFor(w.orgMember.id, w.subjects, () => '合格'),
      w.url,
    );
    expect(late.status).toBe(400);
    expect(late.text).toContain('投票已经结束');
  });

  it('counts one ballot when the same member sends it several times at once', async () => {
    const w = await world();
    const member = await loginAs(w.member.username);
    const body = ballotFor(w.member.id, w.subjects, () => '合格');
    const answers = await postConcurrently(member, `${w.url}/ballot`, [body, body, body], `${w.url}/ballot`);
    expect(answers.map((a) => a.status).sort()).toEqual([303, 400, 400]);
    expect(await testDb().appraisalBallot.count({ where: { roundId: w.round.id } })).toBe(1);
    expect(await testDb().appraisalVoter.count({ where: { roundId: w.round.id } })).toBe(1);
  });

  it('keeps nothing in the database that links a ballot to its voter', async () => {
    const w = await world();
    const grades = ['优秀', '合格', '基本合格'];
    for (const [i, p] of [w.member, w.orgMember, w.extra].entries()) {
      const agent = await loginAs(p.username);
      expect(
        (
          await vote(
            agent,
            w.url,
            ballotFor(p.id, w.subjects, () => grades[i]),
          )
        ).status,
      ).toBe(303);
    }
    const db = testDb();
    const columns = await db.$queryRaw<{ column_name: string; data_type: string; column_default: string | null }[]>`
      SELECT column_name, data_type, column_default FROM information_schema.columns WHERE table_name = 'AppraisalBallot' ORDER BY column_name`;
    expect(columns.map((c) => c.column_name)).toEqual(['grades', 'id', 'roundId']);
    expect(columns.find((c) => c.column_name === 'id')).toMatchObject({ data_type: 'uuid', column_default: 'gen_random_uuid()' });
    const [{ seq }] = await db.$queryRaw<{ seq: string | null }[]>`SELECT pg_get_serial_sequence('"AppraisalBallot"', 'id') AS seq`;
    expect(seq).toBeNull();
    const fks = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM information_schema.table_constraints
       WHERE table_name = 'AppraisalBallot' AND constraint_type = 'FOREIGN KEY' AND constraint_name <> 'AppraisalBallot_round_fkey'`;
    expect(fks[0].n).toBe(0);
    const voterCols = await db.$queryRaw<{ column_name: string }[]>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'AppraisalVoter' ORDER BY column_name`;
    expect(voterCols.map((c) => c.column_name)).toEqual(['personId', 'roundId']);
    // every cast rewrites the round's ballots: one transaction id for all of them, uuids that follow no order
    const ballots = await db.$queryRaw<
      { id: string; x: string }[]
    >`SELECT id::text, xmin::text AS x FROM "AppraisalBallot" WHERE "roundId" = ${w.round.id}`;
    expect(ballots).toHaveLength(3);
    expect(new Set(ballots.map((b) => b.x)).size).toBe(1);
    for (const b of ballots) expect(b.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const audit = await db.auditLog.findMany({
      where: { action: 'appraisal.ballot_cast', entityId: String(w.round.id) },
      select: { data: true, summary: true },
    });
    expect(audit).toHaveLength(3);
    for (const a of audit) expect(JSON.stringify(a)).not.toMatch(/优秀|合格/);
  });

  it('shows each member their own result and officers everyone, with the 支委会 final grade', async () => {
    const w = await world();
    const member = await loginAs(w.member.username);
    expect((await postForm(member, `${w.url}/self`, { selfText: '认真学习，完成岗位任务。' }, w.url)).status).toBe(303);
    await vote(
      member,
      w.url,
      ballotFor(w.member.id, w.subjects, () => '优秀'),
    );
    const extra = await loginAs(w.extra.username);
    await vote(
      extra,
      w.url,
      ballotFor(w.extra.id, w.subjects, (id) => (id === w.member.id ? '合格' : '优秀')),
    );
    const early = await postForm(w.sec, `${w.url}/final`, { [`final_${w.member.id}`]: '优秀' }, w.url);
    expect(early.status).toBe(400);
    expect(early.text).toContain('投票结束后才能确定评定等次');
    await testDb().appraisalRound.update({ where: { id: w.round.id }, data: { closesAt: dayjs().subtract(1, 'minute').toDate() } });

    const bad = await postForm(w.sec, `${w.url}/final`, { [`final_${w.member.id}`]: '特优' }, w.url);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('等次不在本次评议的等次中');
    expect(
      (await postForm(w.sec, `${w.url}/final`, { [`final_${w.member.id}`]: '合格', [`comment_${w.member.id}`]: '表现良好' }, w.url)).status,
    ).toBe(303);

    const officer = await w.sec.get(w.url);
    expect(officer.text).toContain('参加投票 2 人，应参加 4 人，参与率 50%');
    expect(officer.text).toContain(`>${w.extra.displayName}</th>`);
    const own = await member.get(w.url);
    expect(own.status).toBe(200);
    const results = own.text.slice(own.text.indexOf('<h2>评议结果</h2>'));
    expect(results).toContain(`>${w.member.displayName}</th>`);
    expect(results).not.toContain(`>${w.extra.displayName}</th>`);
    // the member's own ballot does not grade them; the other ballot gave 合格
    expect(results).toMatch(/<td class="num">0<\/td><td class="num">1<\/td><td class="num">0<\/td><td class="num">0<\/td>/);
    expect(results).toContain('表现良好');
    expect(own.text).toContain('认真学习，完成岗位任务。');

    for (const [who, status] of [
      [w.office, 200],
      [w.orgMember, 200],
      [w.infoOfficer, 403],
      [w.staff, 403],
      [w.otherSecretary, 403],
    ] as const) {
      const agent = await loginAs(who.username);
      expect((await agent.get(w.url)).status, who.displayName).toBe(status);
    }
  });

  it('opens a round once, with its window and grades checked', async () => {
    const w = await world();
    const twice = await postForm(
      w.sec,
      w.url,
      { personIds: w.subjects.map((s) => s.id), grades: '优秀\n合格', opensAt: local(dayjs()), closesAt: local(dayjs().add(1, 'day')) },
      w.url,
    );
    expect(twice.status).toBe(400);
    expect(twice.text).toContain(`${YEAR} 年度的民主评议已经发起`);
    const next = `/units/${w.branch.code}/appraisals/${YEAR + 1}`;
    const backwards = await postForm(
      w.sec,
      next,
      { personIds: w.subjects.map((s) => s.id), grades: '优秀', opensAt: local(dayjs()), closesAt: local(dayjs().subtract(1, 'day')) },
      next,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('评议等次应为 2 至 8 个');
    expect(backwards.text).toContain('结束时间应晚于开始时间');
    const member = await loginAs(w.member.username);
    expect(
      (
        await postForm(
          member,
          next,
          { personIds: [w.member.id], grades: '优秀\n合格', opensAt: local(dayjs()), closesAt: local(dayjs().add(1, 'day')) },
          w.url,
        )
      ).status,
    ).toBe(403);
  });
});
