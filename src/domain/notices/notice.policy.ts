import { Prisma } from '../../generated/prisma/client.js';
import type { NoticeAudience } from '../../generated/prisma/enums.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { isPartyMember, MEMBER_STATUSES } from '../../lib/party-status.js';

export { isPartyMember, MEMBER_STATUSES };

export const AUDIENCE_LABELS: Record<NoticeAudience, string> = { ALL: '全体员工', MEMBERS: '全体党员', UNITS: '指定单位' };

/** Units that issue notices: the committee (through the office), general branches and branches; not party groups. */
export const ISSUING_KINDS = ['COMMITTEE', 'GENERAL_BRANCH', 'BRANCH'] as const;

/**
 * The notices addressed to `user` (Redmine's `News.visible`): published or withdrawn, and meant for everyone,
 * for party members when they are one, or for their home unit (units under a chosen one are expanded on save).
 */
export function noticeVisibleWhere(user: Pick<SessionUser, 'homeUnitId' | 'partyStatus'>): Prisma.NoticeWhereInput {
  const member = isPartyMember(user.partyStatus);
  const addressed: Prisma.NoticeWhereInput[] = [{ audience: 'ALL' }];
  if (member) addressed.push({ audience: 'MEMBERS' });
  if (user.homeUnitId != null) {
    addressed.push({ audience: 'UNITS', units: { some: { unitId: user.homeUnitId } }, ...(member ? {} : { membersOnly: false }) });
  }
  return { status: { in: ['PUBLISHED', 'WITHDRAWN'] }, OR: addressed };
}

/**
 * `noticeVisibleWhere`'s audience rule in SQL, over a search document's `audience` (null for everyone) and
 * `membersOnly` columns (alias `d`, its `entityId` the notice's id): kept beside it so that the two change together.
 */
export function noticeAudienceSql(user: Pick<SessionUser, 'homeUnitId' | 'partyStatus'>): Prisma.Sql {
  const member = isPartyMember(user.partyStatus);
  return Prisma.sql`(d.audience IS NULL
    OR (d.audience = 'MEMBERS' AND ${member})
    OR (d.audience = 'UNITS' AND (${member} OR NOT d."membersOnly")
        AND EXISTS (SELECT 1 FROM "NoticeUnit" nu WHERE nu."noticeId" = d."entityId" AND nu."unitId" = ${user.homeUnitId ?? null}::int)))`;
}

/** The people a notice is addressed to, as a filter on Person (active accounts only). */
export function audiencePersonWhere(notice: {
  audience: NoticeAudience;
  membersOnly: boolean;
  units: { unitId: number }[];
}): Prisma.PersonWhereInput {
  const members = { partyStatus: { in: MEMBER_STATUSES } };
  if (notice.audience === 'ALL') return { active: true };
  if (notice.audience === 'MEMBERS') return { active: true, ...members };
  return { active: true, homeUnitId: { in: notice.units.map((u) => u.unitId) }, ...(notice.membersOnly ? members : {}) };
}

/** The same rule for one (active) person, used to size an audience from per-unit head counts. */
export function inAudience(
  notice: { audience: NoticeAudience; membersOnly: boolean; unitIds: Set<number> },
  person: { homeUnitId: number | null; partyStatus: string },
): boolean {
  if (notice.audience === 'ALL') return true;
  if (notice.audience === 'MEMBERS') return isPartyMember(person.partyStatus);
  return person.homeUnitId !== null && notice.unitIds.has(person.homeUnitId) && (!notice.membersOnly || isPartyMember(person.partyStatus));
}

/** Who manages a notice (sees its drafts and receipts): its unit's secretary, the office for the committee, and the office for receipts anywhere. */
export function managesNotice(user: SessionUser | undefined, unit: UnitScope): boolean {
  return can(user, 'notice.receipts', unit) || can(user, 'notice.issue', unit);
}
