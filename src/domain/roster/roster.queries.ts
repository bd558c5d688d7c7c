import type { Db } from '../../db/client.js';
import type { PartyStatus, Role } from '../../generated/prisma/enums.js';
import { inUnitWhere, nextStage, RECRUITMENT_STAGES } from './roster.service.js';

const STATUS_ORDER: PartyStatus[] = ['FULL', 'PROBATIONARY', 'CANDIDATE', 'ACTIVIST', 'APPLICANT', 'MASSES'];
const ROLE_ORDER: Role[] = ['SECRETARY', 'ORG_MEMBER', 'INFO_OFFICER'];
const IN_PIPELINE: PartyStatus[] = ['APPLICANT', 'ACTIVIST', 'CANDIDATE', 'PROBATIONARY'];

/**
 * A unit's roster (personal data: the caller has checked `roster.view`): its people with their party status and
 * roles, grouped by party group, and everyone on the way into the party with the date of each stage.
 * Three queries whatever the number of people.
 */
export async function unitRoster(db: Db, unit: { id: number; name: string }) {
  const [groups, people] = await Promise.all([
    db.unit.findMany({
      where: { parentId: unit.id, kind: 'PARTY_GROUP' },
      select: { id: true, name: true },
      orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    }),
    db.person.findMany({
      where: { active: true, homeUnit: inUnitWhere(unit.id) },
      select: {
        id: true,
        displayName: true,
        title: true,
        phone: true,
        partyStatus: true,
        homeUnitId: true,
        grants: { where: { unit: inUnitWhere(unit.id), role: { in: ROLE_ORDER } }, select: { role: true, unitId: true } },
      },
      orderBy: { id: 'asc' },
    }),
  ]);
  const steps = await db.recruitmentStep.findMany({
    where: { personId: { in: people.map((p) => p.id) } },
    select: { personId: true, stage: true, reachedOn: true, note: true },
    orderBy: [{ reachedOn: 'asc' }, { id: 'asc' }],
  });
  const stepsOf = new Map<number, typeof steps>();
  for (const s of steps) stepsOf.set(s.personId, [...(stepsOf.get(s.personId) ?? []), s]);

  const rows = people.map((p) => {
    const mine = stepsOf.get(p.id) ?? [];
    const roles = p.grants
      .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))
      .map((g) => (g.unitId === unit.id ? g.role : g.role === 'SECRETARY' ? 'GROUP_LEADER' : g.role));
    return {
      id: p.id,
      displayName: p.displayName,
      title: p.title,
      phone: p.phone,
      partyStatus: p.partyStatus,
      homeUnitId: p.homeUnitId,
      roles,
      stages: Object.fromEntries(mine.map((s) => [s.stage, { date: s.reachedOn, note: s.note }])) as Partial<
        Record<PartyStatus, { date: Date; note: string | null }>
      >,
      next: nextStage(
        p.partyStatus,
        mine.map((s) => s.stage),
      ),
      /** A probationary member's year ends on this day (转正 is then due). */
      probationEnds: p.partyStatus === 'PROBATIONARY' ? oneYearAfter(mine.find((s) => s.stage === 'PROBATIONARY')?.reachedOn) : null,
      hasSteps: mine.length > 0,
    };
  });
  type Row = (typeof rows)[number];
  const byRank = (a: Row, b: Row) =>
    (a.roles.length ? 0 : 1) - (b.roles.length ? 0 : 1) ||
    STATUS_ORDER.indexOf(a.partyStatus) - STATUS_ORDER.indexOf(b.partyStatus) ||
    a.displayName.localeCompare(b.displayName, 'zh-CN');
  const sections = [
    { id: unit.id, name: `${unit.name}（直属）`, people: rows.filter((r) => r.homeUnitId === unit.id).sort(byRank) },
    ...groups.map((g) => ({ id: g.id, name: g.name, people: rows.filter((r) => r.homeUnitId === g.id).sort(byRank) })),
  ];
  const pipeline = rows
    .filter((r) => IN_PIPELINE.includes(r.partyStatus) || r.hasSteps)
    .sort(
      (a, b) =>
        STATUS_ORDER.indexOf(a.partyStatus) - STATUS_ORDER.indexOf(b.partyStatus) || a.displayName.localeCompare(b.displayName, 'zh-CN'),
    );
  const count = (...s: PartyStatus[]) => rows.filter((r) => s.includes(r.partyStatus)).length;
  return {
    sections,
    pipeline,
    stages: RECRUITMENT_STAGES,
    counts: {
      people: rows.length,
      full: count('FULL'),
      probationary: count('PROBATIONARY'),
      pipeline: count('APPLICANT', 'ACTIVIST', 'CANDIDATE'),
      masses: count('MASSES'),
    },
  };
}

function oneYearAfter(d: Date | undefined): Date | null {
  if (!d) return null;
  const t = new Date(d);
  t.setUTCFullYear(t.getUTCFullYear() + 1);
  return t;
}

export type UnitRoster = Awaited<ReturnType<typeof unitRoster>>;
