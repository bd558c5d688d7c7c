import type { PartyStatus } from '../../generated/prisma/enums.js';

/** The way into the party, in order: 入党申请人 → 入党积极分子 → 发展对象 → 预备党员 → 正式党员. */
export const RECRUITMENT_STAGES = ['APPLICANT', 'ACTIVIST', 'CANDIDATE', 'PROBATIONARY', 'FULL'] as const satisfies readonly PartyStatus[];
export type RecruitmentStage = (typeof RECRUITMENT_STAGES)[number];

const rank = (s: PartyStatus) => RECRUITMENT_STAGES.indexOf(s as RecruitmentStage);

/** The stage a person reaches next: the one after both their party status and every stage recorded; null when full. */
export function nextStage(status: PartyStatus, recorded: readonly PartyStatus[] = []): RecruitmentStage | null {
  const reached = Math.max(rank(status), ...recorded.map(rank));
  return RECRUITMENT_STAGES[reached + 1] ?? null;
}

/** The people of a unit: its own and those of its party groups. */
export const inUnitWhere = (unitId: number) => ({ OR: [{ id: unitId }, { parentId: unitId, kind: 'PARTY_GROUP' as const }] });
