import type { Db } from '../../db/client.js';
import type { PdcaSource, PdcaStage, Prisma } from '../../generated/prisma/client.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { audit } from '../audit/audit.service.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';

type Tx = Prisma.TransactionClient;

export const STAGE_LABELS: Record<PdcaStage, string> = { PLAN: 'P 计划', DO: 'D 实施', CHECK: 'C 检查', ACT: 'A 处置', CLOSED: '已关闭' };
const NEXT: Partial<Record<PdcaStage, PdcaStage>> = { PLAN: 'DO', DO: 'CHECK', CHECK: 'ACT' };

/** Overdue: past its due date (the end of that day) and not closed. */
export function isOverdue(c: { stage: PdcaStage; dueDate: Date }, now = new Date()): boolean {
  return c.stage !== 'CLOSED' && c.dueDate.getTime() + 86_400_000 <= now.getTime();
}

/** Opens a countermeasure inside the caller's transaction (a missed target, an inspection finding, …). */
export async function openCountermeasure(
  tx: Tx,
  p: {
    unitId: number;
    source: PdcaSource;
    targetId?: number | null;
    findingId?: number | null;
    problem: string;
    dueDate: Date;
    ownerName?: string;
    actorId: number;
  },
) {
  const c = await tx.countermeasure.create({
    data: {
      unitId: p.unitId,
      source: p.source,
      targetId: p.targetId ?? null,
      findingId: p.findingId ?? null,
      problem: p.problem,
      dueDate: p.dueDate,
      ownerName: p.ownerName ?? '',
      createdById: p.actorId,
    },
  });
  await tx.countermeasureStep.create({
    data: { countermeasureId: c.id, fromStage: null, toStage: 'PLAN', note: '立项', actorId: p.actorId },
  });
  return c;
}

interface Ref {
  unit: UnitScope;
  id: number;
  actor: SessionUser;
  ip?: string;
}

/** Locks the item's row first, so a second click waits for the first and then reads the stage it left. */
async function load(tx: Tx, unitId: number, id: number) {
  await tx.$queryRaw`SELECT id FROM "Countermeasure" WHERE id = ${id} AND "unitId" = ${unitId} FOR UPDATE`;
  const c = await tx.countermeasure.findFirst({ where: { id, unitId } });
  if (!c) throw new NotFoundError('整改事项');
  return c;
}

/**
 * The branch answers and moves the item one stage on (P → D → C → A), filling in cause, action and owner as it goes.
 * At A it waits for the office to verify the result and close it.
 */
export async function advanceCountermeasure(
  db: Db,
  p: Ref & { stage: PdcaStage; cause: string; action: string; ownerName: string; answer: string },
) {
  if (!can(p.actor, 'pdca.advance', p.unit)) throw new ForbiddenError('只有本支部书记可以答复和推进整改');
  return db.$transaction(async (tx) => {
    const c = await load(tx, p.unit.id, p.id);
    // the form names the stage it was filled in at: a repeated or simultaneous post finds the item moved on
    if (c.stage !== p.stage) throw new ValidationError({ _form: `该事项已推进到“${STAGE_LABELS[c.stage]}”，本次提交未保存` });
    const next = NEXT[c.stage];
    if (!next) throw new ValidationError({ _form: c.stage === 'ACT' ? '已到处置阶段，等待党务室核实关闭' : '该事项已关闭' });
    if (next === 'DO' && (!p.cause || !p.action))
      throw new ValidationError({ cause: p.cause ? '' : '进入实施前请填写原因分析', action: p.action ? '' : '进入实施前请填写整改措施' });
    await tx.countermeasure.update({
      where: { id: c.id },
      data: {
        stage: next,
        cause: p.cause || c.cause,
        action: p.action || c.action,
        ownerName: p.ownerName || c.ownerName,
        answer: p.answer || c.answer,
      },
    });
    await tx.countermeasureStep.create({
      data: { countermeasureId: c.id, fromStage: c.stage, toStage: next, note: p.answer, actorId: p.actor.id },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'pdca.advanced',
      entityType: 'Countermeasure',
      entityId: c.id,
      unitId: p.unit.id,
      summary: `整改推进到 ${STAGE_LABELS[next]}：${c.problem.slice(0, 40)}`,
      ip: p.ip,
    });
    return next;
  });
}

/** Only the office closes an item, after checking the result. */
export async function closeCountermeasure(db: Db, p: Ref & { note: string }) {
  if (!can(p.actor, 'pdca.close', p.unit)) throw new ForbiddenError('只有党务室可以核实关闭整改事项');
  await db.$transaction(async (tx) => {
    const c = await load(tx, p.unit.id, p.id);
    if (c.stage === 'CLOSED') throw new ValidationError({ _form: '该事项已关闭' });
    await tx.countermeasure.update({ where: { id: c.id }, data: { stage: 'CLOSED', closedById: p.actor.id, closedAt: new Date() } });
    await tx.countermeasureStep.create({
      data: { countermeasureId: c.id, fromStage: c.stage, toStage: 'CLOSED', note: p.note, actorId: p.actor.id },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'pdca.closed',
      entityType: 'Countermeasure',
      entityId: c.id,
      unitId: p.unit.id,
      summary: `核实关闭整改：${c.problem.slice(0, 40)}`,
      ip: p.ip,
    });
  });
}

/** The office finds the result wanting: back to D (实施) with what is missing. */
export async function reopenCountermeasure(db: Db, p: Ref & { note: string }) {
  if (!can(p.actor, 'pdca.close', p.unit)) throw new ForbiddenError('只有党务室可以退回整改事项');
  await db.$transaction(async (tx) => {
    const c = await load(tx, p.unit.id, p.id);
    if (c.stage === 'PLAN' || c.stage === 'DO') throw new ValidationError({ _form: '该事项尚在计划或实施阶段' });
    await tx.countermeasure.update({ where: { id: c.id }, data: { stage: 'DO', closedById: null, closedAt: null } });
    await tx.countermeasureStep.create({
      data: { countermeasureId: c.id, fromStage: c.stage, toStage: 'DO', note: p.note, actorId: p.actor.id },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'pdca.reopened',
      entityType: 'Countermeasure',
      entityId: c.id,
      unitId: p.unit.id,
      summary: `整改未通过核实，退回实施：${p.note.slice(0, 40)}`,
      ip: p.ip,
    });
  });
}
