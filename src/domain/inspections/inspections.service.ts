import type { Db } from '../../db/client.js';
import type { FindingSeverity } from '../../generated/prisma/enums.js';
import { audit } from '../audit/audit.service.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { openCountermeasure } from '../pdca/pdca.service.js';

export const SEVERITY_LABELS: Record<FindingSeverity, string> = { MINOR: '一般', MAJOR: '较重', SERIOUS: '严重' };

/** Starts an online inspection of a branch. */
export async function startInspection(
  db: Db,
  props: { unitId: number; visitDate: Date; inspectors: string; scope: string; notes?: string; actorId: number; ip?: string },
) {
  return db.$transaction(async (tx) => {
    const inspection = await tx.inspection.create({
      data: {
        unitId: props.unitId,
        visitDate: props.visitDate,
        inspectors: props.inspectors,
        scope: props.scope,
        notes: props.notes ?? '',
        createdById: props.actorId,
      },
    });
    await audit(tx, {
      actorId: props.actorId,
      action: 'inspection.started',
      entityType: 'Inspection',
      entityId: inspection.id,
      unitId: props.unitId,
      summary: `开始网上检查：${props.scope}`,
      ip: props.ip,
    });
    return inspection;
  });
}

/**
 * Records a finding of an open inspection and opens the branch's PDCA item for it, in one transaction:
 * the secretary answers and moves it forward, the office verifies and closes it.
 */
export async function recordFinding(
  db: Db,
  props: {
    inspectionId: number;
    text: string;
    severity: FindingSeverity;
    moduleId?: number | null;
    targetId?: number | null;
    dueDate: Date;
    actorId: number;
    ip?: string;
  },
) {
  return db.$transaction(async (tx) => {
    const inspection = await tx.inspection.findUnique({
      where: { id: props.inspectionId },
      select: { id: true, unitId: true, status: true },
    });
    if (!inspection) throw new NotFoundError('检查记录');
    if (inspection.status === 'CLOSED') throw new ValidationError({ text: '本次检查已结束，不能再添加问题' });
    if (props.targetId && !(await tx.target.count({ where: { id: props.targetId, unitId: inspection.unitId } })))
      throw new ValidationError({ targetId: '请选择该支部的目标' });
    const finding = await tx.finding.create({
      data: {
        inspectionId: inspection.id,
        unitId: inspection.unitId,
        text: props.text,
        severity: props.severity,
        moduleId: props.moduleId ?? null,
        targetId: props.targetId ?? null,
        dueDate: props.dueDate,
        createdById: props.actorId,
      },
    });
    await openCountermeasure(tx, {
      unitId: finding.unitId,
      source: 'FINDING',
      findingId: finding.id,
      targetId: finding.targetId,
      problem: finding.text,
      dueDate: finding.dueDate,
      actorId: props.actorId,
    });
    await audit(tx, {
      actorId: props.actorId,
      action: 'inspection.finding_recorded',
      entityType: 'Finding',
      entityId: finding.id,
      unitId: inspection.unitId,
      summary: `检查发现问题（${SEVERITY_LABELS[props.severity]}）：${props.text.slice(0, 60)}`,
      ip: props.ip,
    });
    return finding;
  });
}

/** The office's own notes for the branch visit (the questions to take along). */
export async function updateInspectionNotes(db: Db, props: { inspectionId: number; notes: string; actorId: number; ip?: string }) {
  await db.$transaction(async (tx) => {
    const i = await tx.inspection.update({ where: { id: props.inspectionId }, data: { notes: props.notes } });
    await audit(tx, {
      actorId: props.actorId,
      action: 'inspection.notes_updated',
      entityType: 'Inspection',
      entityId: i.id,
      unitId: i.unitId,
      summary: '更新检查备注',
      ip: props.ip,
    });
  });
}

export async function closeInspection(db: Db, props: { inspectionId: number; actorId: number; ip?: string }) {
  await db.$transaction(async (tx) => {
    // conditional on still being open: a repeated or simultaneous click closes (and is audited) once
    const moved = await tx.inspection.updateMany({ where: { id: props.inspectionId, status: 'OPEN' }, data: { status: 'CLOSED' } });
    if (!moved.count) throw new ValidationError({ _form: '本次检查已经结束' });
    const i = await tx.inspection.findUniqueOrThrow({ where: { id: props.inspectionId }, select: { id: true, unitId: true } });
    await audit(tx, {
      actorId: props.actorId,
      action: 'inspection.closed',
      entityType: 'Inspection',
      entityId: i.id,
      unitId: i.unitId,
      summary: '结束网上检查',
      ip: props.ip,
    });
  });
}
