import type { Db } from '../../db/client.js';
import type { PartyStatus } from '../../generated/prisma/enums.js';
import { PARTY_STATUS_LABELS } from '../../lib/format.js';
import { dayOf, isoDay } from '../../lib/dates.js';
import { audit } from '../audit/audit.service.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { ForbiddenError, ValidationError } from '../errors.js';

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

export interface RecordStepProps {
  unit: UnitScope;
  personId: number;
  stage: RecruitmentStage;
  /** YYYY-MM-DD, already checked to be a real day and not in the future. */
  reachedOn: string;
  note?: string;
  actor: SessionUser;
  ip?: string;
}

/**
 * Records that a person of the unit reached their next stage on a date, and moves their party status along.
 * Refused (with the reason beside the field) when the stage skips or goes back, or the date is before the
 * previous stage's; a concurrent change of the same person is refused rather than overwritten.
 */
export async function recordRecruitmentStep(db: Db, p: RecordStepProps) {
  if (!can(p.actor, 'roster.edit', p.unit)) throw new ForbiddenError('只有本支部组织委员、支部书记和党务室可以记录发展党员进程');
  return db.$transaction(async (tx) => {
    const person = await tx.person.findFirst({
      where: { id: p.personId, active: true, homeUnit: inUnitWhere(p.unit.id) },
      select: { id: true, displayName: true, partyStatus: true },
    });
    if (!person) throw new ValidationError({ personId: '请选择本支部的人员' });
    const steps = await tx.recruitmentStep.findMany({
      where: { personId: person.id },
      select: { stage: true, reachedOn: true },
      orderBy: [{ reachedOn: 'desc' }, { id: 'desc' }],
    });
    const expected = nextStage(
      person.partyStatus,
      steps.map((s) => s.stage),
    );
    if (!expected) throw new ValidationError({ stage: `${person.displayName}已是正式党员，没有下一个发展阶段` });
    if (p.stage !== expected)
      throw new ValidationError({ stage: `${person.displayName}的下一阶段应为“${PARTY_STATUS_LABELS[expected]}”，不能跳过或倒退` });
    const last = steps[0];
    if (last && p.reachedOn < isoDay(last.reachedOn)) {
      throw new ValidationError({ reachedOn: `日期不能早于上一阶段（${PARTY_STATUS_LABELS[last.stage]}，${isoDay(last.reachedOn)}）` });
    }
    const moved = await tx.person.updateMany({ where: { id: person.id, partyStatus: person.partyStatus }, data: { partyStatus: p.stage } });
    if (moved.count !== 1) throw new ValidationError({ _form: '该人员的发展阶段刚被他人修改，请刷新页面后重试' });
    const step = await tx.recruitmentStep.create({
      data: {
        personId: person.id,
        unitId: p.unit.id,
        stage: p.stage,
        reachedOn: dayOf(p.reachedOn),
        note: p.note || null,
        recordedById: p.actor.id,
      },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'roster.step_recorded',
      entityType: 'Person',
      entityId: person.id,
      unitId: p.unit.id,
      ip: p.ip,
      summary: `记录发展党员进程：${person.displayName} ${p.reachedOn} 成为${PARTY_STATUS_LABELS[p.stage]}`,
      data: { stepId: step.id, from: person.partyStatus, to: p.stage, reachedOn: p.reachedOn },
    });
    return { person: person.displayName, stage: p.stage };
  });
}
