import dayjs from 'dayjs';
import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { hasGlobalRole, type SessionUser } from '../authz/can.js';

/** Who a person is for consultations: the units they belong to, whether they are a party member, what they own. */
export interface AudienceContext {
  userId: number;
  isMember: boolean;
  /** Their home unit, the branch their party group belongs to, and every unit they hold a role in. */
  unitIds: number[];
  office: boolean;
  /** Units whose consultations they manage (their secretary grants). */
  managedUnitIds: number[];
}

/** The context of a person, in one query (the parents of their party groups). */
export async function audienceContext(db: Db, user: SessionUser): Promise<AudienceContext> {
  const own = [...new Set([user.homeUnitId, ...user.grants.map((g) => g.unitId)].filter((x): x is number => x !== null))];
  const groups = own.length ? await db.unit.findMany({ where: { id: { in: own }, kind: 'PARTY_GROUP' }, select: { parentId: true } }) : [];
  return {
    userId: user.id,
    isMember: user.partyStatus === 'FULL' || user.partyStatus === 'PROBATIONARY',
    unitIds: [...new Set([...own, ...groups.map((g) => g.parentId).filter((x): x is number => x !== null)])],
    office: hasGlobalRole(user, 'OFFICE'),
    managedUnitIds: user.grants.filter((g) => g.role === 'SECRETARY' && g.unitId !== null).map((g) => g.unitId as number),
  };
}

/**
 * The consultations whose audience includes the person, as a where-clause (filtered inside the query):
 * ALL and MEMBERS reach the whole company when the committee asks, else the owner unit's people;
 * UNITS reaches the people of the chosen units.
 */
export function audienceWhere(a: AudienceContext): Prisma.ConsultationWhereInput {
  const inScope = [{ companyWide: true }, { unitId: { in: a.unitIds } }];
  return {
    OR: [
      { audience: 'ALL', OR: inScope },
      ...(a.isMember ? [{ audience: 'MEMBERS' as const, OR: inScope }] : []),
      { audience: 'UNITS', units: { some: { unitId: { in: a.unitIds } } } },
    ],
  };
}

/** What a person may read: their audience's consultations, those of units they manage, and all for the office. */
export function visibleWhere(a: AudienceContext): Prisma.ConsultationWhereInput {
  if (a.office) return {};
  return { OR: [audienceWhere(a), { unitId: { in: a.managedUnitIds } }] };
}

export type Phase = 'UPCOMING' | 'OPEN' | 'CLOSED' | 'SUMMARIZED';

export const PHASE_LABELS: Record<Phase, string> = { UPCOMING: '未开始', OPEN: '征求中', CLOSED: '已截止', SUMMARIZED: '已发布汇总' };

/** Today in the factory's local time, as the calendar day the dates of a consultation are compared with. */
export const today = (now = new Date()) => dayjs(now).format('YYYY-MM-DD');

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Open from its start date to its end date, both included; summarized once the owner published the summary. */
export function consultationPhase(c: { startDate: Date; endDate: Date; summaryPublishedAt: Date | null }, todayIso: string): Phase {
  if (c.summaryPublishedAt) return 'SUMMARIZED';
  if (todayIso < day(c.startDate)) return 'UPCOMING';
  if (todayIso > day(c.endDate)) return 'CLOSED';
  return 'OPEN';
}
