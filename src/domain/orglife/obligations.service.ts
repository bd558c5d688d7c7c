import type { Db } from '../../db/client.js';
import type { ObligationFrequency } from '../../generated/prisma/enums.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { audit } from '../audit/audit.service.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import { FREQUENCY_LABELS, obligationKind } from './kinds.js';
import { isPeriodKey } from './periods.js';

type Unit = UnitScope & { code: string; name: string };

/** The office sets how often a branch owes one kind of organisational life, or that it owes none. Audited. */
export async function setObligation(
  db: Db,
  p: { unit: Unit; kind: string; frequency: ObligationFrequency; active: boolean; actor: SessionUser; ip?: string },
) {
  if (!can(p.actor, 'orglife.manage', p.unit)) throw new ForbiddenError();
  const kind = obligationKind(p.kind);
  if (!kind) throw new ValidationError({ kind: '请选择组织生活类型' });
  await db.$transaction(async (tx) => {
    const data = { frequency: p.frequency, active: p.active, updatedById: p.actor.id };
    await tx.orgObligation.upsert({
      where: { unitId_kind: { unitId: p.unit.id, kind: kind.key } },
      create: { unitId: p.unit.id, kind: kind.key, ...data },
      update: data,
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'orglife.obligation_set',
      entityType: 'OrgObligation',
      entityId: `${p.unit.id}:${kind.key}`,
      unitId: p.unit.id,
      ip: p.ip,
      summary: `${p.unit.name}：${kind.label}${p.active ? `为${FREQUENCY_LABELS[p.frequency]}一次` : '不作要求'}`,
    });
  });
  return kind;
}

/** The office accepts a branch's reason for a period with nothing recorded: the period shows as excused. Audited. */
export async function excusePeriod(
  db: Db,
  p: {
    unit: Unit;
    kind: string;
    groupId: number;
    period: string;
    reason: string;
    frequency: ObligationFrequency;
    actor: SessionUser;
    ip?: string;
  },
) {
  if (!can(p.actor, 'orglife.manage', p.unit)) throw new ForbiddenError();
  const kind = obligationKind(p.kind);
  if (!kind) throw new ValidationError({ kind: '请选择组织生活类型' });
  if (!isPeriodKey(p.period, p.frequency)) throw new ValidationError({ period: '期间无效' });
  await db.$transaction(async (tx) => {
    await tx.orgExcuse.upsert({
      where: { unitId_kind_groupId_period: { unitId: p.unit.id, kind: kind.key, groupId: p.groupId, period: p.period } },
      create: { unitId: p.unit.id, kind: kind.key, groupId: p.groupId, period: p.period, reason: p.reason, acceptedById: p.actor.id },
      update: { reason: p.reason, acceptedById: p.actor.id },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'orglife.excused',
      entityType: 'OrgExcuse',
      entityId: `${p.unit.id}:${kind.key}:${p.groupId}:${p.period}`,
      unitId: p.unit.id,
      ip: p.ip,
      summary: `${p.unit.name}：${kind.label}（${p.period}）说明已认可：${p.reason}`,
    });
  });
}
