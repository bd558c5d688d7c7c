import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import type { SessionUser, UnitScope } from '../authz/can.js';
import { ValidationError } from '../errors.js';
import { appraisablePeople, windowState } from './appraisal.queries.js';

interface Actor {
  actor: SessionUser;
  ip?: string;
}

export interface OpenRoundProps extends Actor {
  unit: UnitScope;
  year: number;
  personIds: number[];
  grades: string[];
  opensAt: Date;
  closesAt: Date;
}

/** The secretary opens the year's round: who is appraised, the grades, the voting window. Once per unit and year. */
export async function openRound(db: Db, p: OpenRoundProps) {
  const people = new Map((await appraisablePeople(db, p.unit.id)).map((x) => [x.id, x]));
  const chosen = [...new Set(p.personIds)].filter((id) => people.has(id));
  if (chosen.length < 2) throw new ValidationError({ personIds: '请至少选择两名参加评议的党员' });
  return db.$transaction(async (tx) => {
    const exists = await tx.appraisalRound.findUnique({
      where: { unitId_year: { unitId: p.unit.id, year: p.year } },
      select: { id: true },
    });
    if (exists) throw new ValidationError({ _form: `${p.year} 年度的民主评议已经发起` });
    const round = await tx.appraisalRound.create({
      data: { unitId: p.unit.id, year: p.year, grades: p.grades, opensAt: p.opensAt, closesAt: p.closesAt, openedById: p.actor.id },
    });
    await tx.appraisalSubject.createMany({ data: chosen.map((personId) => ({ roundId: round.id, personId })) });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'appraisal.round_opened',
      entityType: 'AppraisalRound',
      entityId: round.id,
      unitId: p.unit.id,
      ip: p.ip,
      summary: `发起 ${p.year} 年度民主评议党员：${chosen.length} 人，等次 ${p.grades.join('、')}`,
      data: { personIds: chosen, grades: p.grades, opensAt: p.opensAt.toISOString(), closesAt: p.closesAt.toISOString() },
    });
    return round;
  });
}

type RoundRef = { id: number; unitId: number; opensAt: Date; closesAt: Date; grades: string[] };

/** A person appraised writes (or rewrites) their self-appraisal until the window closes. */
export async function saveSelfAppraisal(db: Db, p: Actor & { round: RoundRef; text: string }) {
  if (windowState(p.round) === 'closed') throw new ValidationError({ selfText: '评议已结束，不能再修改自评' });
  await db.$transaction(async (tx) => {
    const done = await tx.appraisalSubject.updateMany({ where: { roundId: p.round.id, personId: p.actor.id }, data: { selfText: p.text } });
    if (done.count !== 1) throw new ValidationError({ selfText: '您不在本次评议的名单中' });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'appraisal.self_saved',
      entityType: 'AppraisalRound',
      entityId: p.round.id,
      unitId: p.round.unitId,
      ip: p.ip,
      summary: '填写民主评议自评',
    });
  });
}

/**
 * Casts a person's one secret ballot: that they voted goes into AppraisalVoter, what they voted into AppraisalBallot
 * with no voter, no time and a random id. In the same transaction, under the round's lock, the round's ballots are
 * rewritten in random order with new ids, so neither the rows' physical order nor their transaction ids follow the
 * order of voting. A second ballot, a ballot outside the window and a grade outside the round's list are refused.
 */
export async function castBallot(db: Db, p: Actor & { round: RoundRef; grades: Record<number, string> }) {
  await db.$transaction(async (tx) => {
    const [r] = await tx.$queryRaw<{ opensAt: Date; closesAt: Date }[]>`
      SELECT "opensAt", "closesAt" FROM "AppraisalRound" WHERE id = ${p.round.id} FOR UPDATE`;
    const state = windowState(r);
    if (state !== 'open') throw new ValidationError({ _form: state === 'before' ? '投票尚未开始' : '投票已经结束' });
    const others = await tx.appraisalSubject.findMany({ where: { roundId: p.round.id }, select: { personId: true } });
    if (!others.some((s) => s.personId === p.actor.id)) throw new ValidationError({ _form: '您不在本次评议的名单中' });
    const errors: Record<string, string> = {};
    const ballot: Record<string, string> = {};
    for (const { personId } of others) {
      if (personId === p.actor.id) continue;
      const g = p.grades[personId];
      if (!g) errors[`grade_${personId}`] = '请选择等次';
      else if (!p.round.grades.includes(g)) errors[`grade_${personId}`] = '等次不在本次评议的等次中';
      else ballot[personId] = g;
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const voted = await tx.$executeRaw`
      INSERT INTO "AppraisalVoter" ("roundId", "personId") VALUES (${p.round.id}, ${p.actor.id}) ON CONFLICT DO NOTHING`;
    if (voted !== 1) throw new ValidationError({ _form: '您已经投过票，每人只能投一次，投出后不能修改' });
    await tx.$executeRaw`INSERT INTO "AppraisalBallot" ("roundId", grades) VALUES (${p.round.id}, ${JSON.stringify(ballot)}::jsonb)`;
    await tx.$executeRaw`
      WITH old AS (DELETE FROM "AppraisalBallot" WHERE "roundId" = ${p.round.id} RETURNING grades)
      INSERT INTO "AppraisalBallot" ("roundId", grades) SELECT ${p.round.id}, grades FROM old ORDER BY random()`;
    await audit(tx, {
      actorId: p.actor.id,
      action: 'appraisal.ballot_cast',
      entityType: 'AppraisalRound',
      entityId: p.round.id,
      unitId: p.round.unitId,
      ip: p.ip,
      summary: '投出民主评议选票（内容不记录）',
    });
  });
}

/** After the window, the 支委会's final grade and comment per person, recorded by the secretary; audited. */
export async function saveFinalGrades(db: Db, p: Actor & { round: RoundRef; finals: Record<number, { grade: string; comment: string }> }) {
  if (windowState(p.round) !== 'closed') throw new ValidationError({ _form: '投票结束后才能确定评定等次' });
  const errors: Record<string, string> = {};
  for (const [id, f] of Object.entries(p.finals))
    if (f.grade && !p.round.grades.includes(f.grade)) errors[`final_${id}`] = '等次不在本次评议的等次中';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  await db.$transaction(async (tx) => {
    for (const [id, f] of Object.entries(p.finals)) {
      await tx.appraisalSubject.updateMany({
        where: { roundId: p.round.id, personId: Number(id) },
        data: { finalGrade: f.grade || null, finalComment: f.comment },
      });
    }
    await audit(tx, {
      actorId: p.actor.id,
      action: 'appraisal.final_saved',
      entityType: 'AppraisalRound',
      entityId: p.round.id,
      unitId: p.round.unitId,
      ip: p.ip,
      summary: '确定民主评议评定等次',
      data: { finals: p.finals },
    });
  });
}
