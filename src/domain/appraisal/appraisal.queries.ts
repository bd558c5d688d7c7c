import type { Db } from '../../db/client.js';

export const DEFAULT_GRADES = ['优秀', '合格', '基本合格', '不合格'];

/** A unit's round for a year with the people appraised and how many have voted, or null. Two queries. */
export async function roundOf(db: Db, unitId: number, year: number) {
  const round = await db.appraisalRound.findUnique({
    where: { unitId_year: { unitId, year } },
    select: { id: true, year: true, grades: true, opensAt: true, closesAt: true },
  });
  if (!round) return null;
  const [subjects, voters] = await Promise.all([
    db.$queryRaw<
      { personId: number; displayName: string; selfText: string; finalGrade: string | null; finalComment: string; voted: boolean }[]
    >`
      SELECT s."personId", p."displayName", s."selfText", s."finalGrade", s."finalComment",
             EXISTS (SELECT 1 FROM "AppraisalVoter" v WHERE v."roundId" = s."roundId" AND v."personId" = s."personId") AS voted
        FROM "AppraisalSubject" s JOIN "Person" p ON p.id = s."personId"
       WHERE s."roundId" = ${round.id} ORDER BY p.id`,
    db.appraisalVoter.count({ where: { roundId: round.id } }),
  ]);
  return { ...round, subjects, voters };
}

export type Round = NonNullable<Awaited<ReturnType<typeof roundOf>>>;

/** The window's state at `now`. */
export function windowState(r: { opensAt: Date; closesAt: Date }, now = new Date()): 'before' | 'open' | 'closed' {
  if (now < r.opensAt) return 'before';
  return now < r.closesAt ? 'open' : 'closed';
}

/**
 * The tally of a round: per person appraised, the count of each grade given by the others. Counted from the ballots,
 * which say nothing of who cast them. One query.
 */
export async function tally(db: Db, roundId: number): Promise<Map<number, Record<string, number>>> {
  const rows = await db.$queryRaw<{ personId: number; grade: string; n: number }[]>`
    SELECT (kv.key)::int AS "personId", kv.value #>> '{}' AS grade, count(*)::int AS n
      FROM "AppraisalBallot" b CROSS JOIN LATERAL jsonb_each(b.grades) kv
     WHERE b."roundId" = ${roundId} GROUP BY 1, 2`;
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) out.set(r.personId, { ...out.get(r.personId), [r.grade]: r.n });
  return out;
}

/** Who may be appraised in a unit: its active full and probationary members (its party groups' included). */
export function appraisablePeople(db: Db, unitId: number) {
  return db.person.findMany({
    where: {
      active: true,
      partyStatus: { in: ['FULL', 'PROBATIONARY'] },
      homeUnit: { OR: [{ id: unitId }, { parentId: unitId, kind: 'PARTY_GROUP' }] },
    },
    select: { id: true, displayName: true, partyStatus: true },
    orderBy: { id: 'asc' },
  });
}
