import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import type { Role } from '../../generated/prisma/client.js';
import { audit } from '../audit/audit.service.js';
import { ROLE_LABELS } from '../../lib/format.js';
import { COMPANY_WIDE } from '../authz/can.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Actor } from './people.admin.service.js';
import { endSessionsOf } from './sessions.js';

/** Grants a role: OFFICE and ADMIN company-wide, the others in a unit. The person's sessions end so it takes effect cleanly. */
export async function grantRole(db: Db, props: Actor & { personId: number; role: Role; unitId?: number }) {
  const companyWide = COMPANY_WIDE.includes(props.role);
  if (!companyWide && !props.unitId) throw new ValidationError({ unitId: '该角色须指定单位' });
  // refused rather than quietly dropping the unit: the administrator would believe they gave a unit's role
  if (companyWide && props.unitId)
    throw new ValidationError({ unitId: `${ROLE_LABELS[props.role]}是全公司的角色，不能指定单位；请把单位选为“全公司”` });
  const unitId = companyWide ? null : props.unitId!;
  await transactionWithRetry(db, async (tx) => {
    if (unitId && !(await tx.unit.findUnique({ where: { id: unitId }, select: { id: true } })))
      throw new ValidationError({ unitId: '单位不存在' });
    const exists = await tx.roleGrant.findFirst({ where: { personId: props.personId, role: props.role, unitId } });
    if (exists) throw new ValidationError({ role: '该人员已有此角色' });
    const g = await tx.roleGrant.create({ data: { personId: props.personId, role: props.role, unitId } });
    await endSessionsOf(tx, props.personId);
    await audit(tx, {
      actorId: props.actorId,
      action: 'role.granted',
      entityType: 'RoleGrant',
      entityId: g.id,
      unitId,
      summary: `授予角色 ${props.role}`,
      data: { personId: props.personId, role: props.role, unitId },
      ip: props.ip,
    });
  });
}

export async function revokeRole(db: Db, props: Actor & { grantId: number }) {
  await db.$transaction(async (tx) => {
    const g = await tx.roleGrant.findUnique({ where: { id: props.grantId } });
    if (!g) throw new NotFoundError('角色');
    if (g.personId === props.actorId && g.role === 'ADMIN') throw new ValidationError({ _form: '不能撤销自己的管理员角色' });
    await tx.roleGrant.delete({ where: { id: g.id } });
    await endSessionsOf(tx, g.personId);
    await audit(tx, {
      actorId: props.actorId,
      action: 'role.revoked',
      entityType: 'RoleGrant',
      entityId: g.id,
      unitId: g.unitId,
      summary: `撤销角色 ${g.role}`,
      data: { personId: g.personId, role: g.role, unitId: g.unitId },
      ip: props.ip,
    });
  });
}
