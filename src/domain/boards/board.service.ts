import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import type { DiagnosisRating, Direction, TargetKind, TargetPeriod } from '../../generated/prisma/enums.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { audit } from '../audit/audit.service.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { openCountermeasure } from '../pdca/pdca.service.js';
import { hasEnded, isClosed, judge, periodsOf, reportingDeadline, STATUS_LABELS } from './rules.js';

interface Actor {
  unit: UnitScope & { name: string };
  actor: SessionUser;
  ip?: string;
}

export interface TargetInput {
  year: number;
  kind: TargetKind;
  title: string;
  measure: string;
  uom: string;
  direction: Direction;
  targetValue: number;
  stretchValue?: number;
  period: TargetPeriod;
  ownerName?: string;
  parentId?: number;
  sortOrder?: number;
}

/** Rules a target must keep beyond its field types: a challenge has a stretch beyond its target, a link goes to the committee. */
async function checkTarget(db: Db, t: TargetInput) {
  if (t.kind === 'CHALLENGE') {
    if (t.stretchValue == null) throw new ValidationError({ stretchValue: '挑战目标请填写挑战值' });
    const beyond = t.direction === 'HIGHER' ? t.stretchValue > t.targetValue : t.stretchValue < t.targetValue;
    if (!beyond)
      throw new ValidationError({ stretchValue: t.direction === 'HIGHER' ? '挑战值应高于目标值' : '挑战值应低于目标值（越低越好）' });
  }
  if (t.parentId != null) {
    const parent = await db.target.findFirst({
      where: { id: t.parentId, year: t.year, archivedAt: null, unit: { kind: 'COMMITTEE' } },
      select: { id: true },
    });
    if (!parent) throw new ValidationError({ parentId: '请选择同一年度党委的目标' });
  }
}

function targetData(t: TargetInput) {
  return {
    year: t.year,
    kind: t.kind,
    title: t.title,
    measure: t.measure,
    uom: t.uom,
    direction: t.direction,
    targetValue: t.targetValue,
    stretchValue: t.kind === 'CHALLENGE' ? (t.stretchValue ?? null) : null,
    period: t.period,
    ownerName: t.ownerName ?? '',
    parentId: t.parentId ?? null,
    sortOrder: t.sortOrder ?? 0,
  };
}

export async function createTarget(db: Db, p: Actor & { input: TargetInput }) {
  if (!can(p.actor, 'board.edit', p.unit)) throw new ForbiddenError('只有本单位书记可以制定目标');
  await checkTarget(db, p.input);
  return db.$transaction(async (tx) => {
    const t = await tx.target.create({ data: { ...targetData(p.input), unitId: p.unit.id } });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'board.target_created',
      entityType: 'Target',
      entityId: t.id,
      unitId: p.unit.id,
      summary: `制定${p.input.year}年目标：${t.title}`,
      ip: p.ip,
    });
    return t;
  });
}

export async function updateTarget(db: Db, p: Actor & { id: number; input: TargetInput }) {
  if (!can(p.actor, 'board.edit', p.unit)) throw new ForbiddenError('只有本单位书记可以修改目标');
  await checkTarget(db, p.input);
  await db.$transaction(async (tx) => {
    const old = await tx.target.findFirst({ where: { id: p.id, unitId: p.unit.id, archivedAt: null } });
    if (!old) throw new NotFoundError('目标');
    if (old.period !== p.input.period && (await tx.measurement.count({ where: { targetId: old.id } }))) {
      throw new ValidationError({ period: '已有数据的目标不能改变统计周期' });
    }
    await tx.target.update({ where: { id: old.id }, data: targetData(p.input) });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'board.target_updated',
      entityType: 'Target',
      entityId: old.id,
      unitId: p.unit.id,
      summary: `修改目标：${p.input.title}`,
      data: { before: { targetValue: old.targetValue, stretchValue: old.stretchValue, title: old.title } },
      ip: p.ip,
    });
  });
}

export async function archiveTarget(db: Db, p: Actor & { id: number }) {
  if (!can(p.actor, 'board.edit', p.unit)) throw new ForbiddenError('只有本单位书记可以删除目标');
  await db.$transaction(async (tx) => {
    const t = await tx.target.findFirst({ where: { id: p.id, unitId: p.unit.id, archivedAt: null } });
    if (!t) throw new NotFoundError('目标');
    await tx.target.update({ where: { id: t.id }, data: { archivedAt: new Date() } });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'board.target_archived',
      entityType: 'Target',
      entityId: t.id,
      unitId: p.unit.id,
      summary: `撤销目标：${t.title}`,
      ip: p.ip,
    });
  });
}

const DAY = 86_400_000;
/** How long a unit gets to correct a missed must-achieve target before the countermeasure is overdue. */
export const COUNTERMEASURE_DAYS = 30;

/**
 * Records a period's actual value. Late when reported after the deadline. Once the period is closed an existing
 * figure is changed only by the office, with a reason kept in the audit log. A missed must-achieve figure opens a
 * countermeasure (PDCA) for the unit unless one is already open for the target.
 */
export async function recordMeasurement(
  db: Db,
  p: Actor & { targetId: number; period: number; actual: number; note: string; reason?: string; now?: Date },
) {
  const now = p.now ?? new Date();
  const mayMeasure = can(p.actor, 'board.measure', p.unit);
  const mayCorrect = can(p.actor, 'board.correct', p.unit);
  if (!mayMeasure && !mayCorrect) throw new ForbiddenError('只有本单位可以填报数据');
  // two first reports of a period at once: the later one runs again and changes the figure the first recorded
  return transactionWithRetry(db, async (tx) => {
    const t = await tx.target.findFirst({ where: { id: p.targetId, unitId: p.unit.id, archivedAt: null } });
    if (!t) throw new NotFoundError('目标');
    if (!Number.isInteger(p.period) || p.period < 1 || p.period > periodsOf(t.period))
      throw new ValidationError({ period: '请选择有效的统计期' });
    if (!hasEnded(t.year, t.period, p.period, now) && p.period !== currentPeriod(t, now))
      throw new ValidationError({ period: '该统计期尚未开始，不能填报' });
    const existing = await tx.measurement.findUnique({ where: { targetId_period: { targetId: t.id, period: p.period } } });
    const closed = isClosed(t.year, t.period, p.period, now);
    const correcting = !!existing && closed;
    if (correcting && !mayCorrect) throw new ValidationError({ _form: '该统计期已关账，数据只能由党委办公室更正' });
    if (correcting && !p.reason) throw new ValidationError({ reason: '更正已关账的数据请填写原因' });
    if (!correcting && !mayMeasure) throw new ValidationError({ _form: '党委办公室只更正已关账的数据，请由支部填报' });
    const late = existing ? existing.late : now.getTime() > reportingDeadline(t.year, t.period, p.period).getTime();
    const m = existing
      ? await tx.measurement.update({
          where: { id: existing.id },
          data: {
            actual: p.actual,
            note: p.note,
            correctedAt: correcting ? now : existing.correctedAt,
            reportedById: correcting ? existing.reportedById : p.actor.id,
          },
        })
      : await tx.measurement.create({
          data: { targetId: t.id, period: p.period, actual: p.actual, note: p.note, late, reportedById: p.actor.id, reportedAt: now },
        });
    const label = `${t.year}年${t.period === 'MONTHLY' ? `${p.period}月` : `第${p.period}季度`}`;
    const status = judge(t, p.actual);
    await audit(tx, {
      actorId: p.actor.id,
      action: correcting ? 'board.measurement_corrected' : 'board.measurement_recorded',
      entityType: 'Measurement',
      entityId: m.id,
      unitId: p.unit.id,
      summary: correcting
        ? `更正${label}「${t.title}」数据：${existing!.actual} → ${p.actual}，原因：${p.reason}`
        : `填报${label}「${t.title}」：${p.actual}${t.uom}（${STATUS_LABELS[status]}${late ? '，迟报' : ''}）`,
      data: correcting ? { before: existing!.actual, after: p.actual, reason: p.reason } : undefined,
      ip: p.ip,
    });
    let opened = false;
    if (
      t.kind === 'MUST' &&
      status === 'missed' &&
      !(await tx.countermeasure.count({ where: { targetId: t.id, stage: { not: 'CLOSED' } } }))
    ) {
      await openCountermeasure(tx, {
        unitId: p.unit.id,
        source: 'TARGET',
        targetId: t.id,
        actorId: p.actor.id,
        ownerName: t.ownerName,
        problem: `必达目标「${t.title}」${label}未达成：实际 ${p.actual}${t.uom}，目标 ${t.direction === 'HIGHER' ? '≥' : '≤'} ${t.targetValue}${t.uom}`,
        dueDate: new Date(now.getTime() + COUNTERMEASURE_DAYS * DAY),
      });
      opened = true;
    }
    return { status, late, opened, correcting };
  });
}

/** The period `now` falls in, for a target of the current year (a figure may be entered before the period ends). */
function currentPeriod(t: { year: number; period: TargetPeriod }, now: Date): number | null {
  if (now.getUTCFullYear() !== t.year) return null;
  const m = now.getUTCMonth() + 1;
  return t.period === 'MONTHLY' ? m : Math.ceil(m / 3);
}

/** The unit's self-assessment for a month of the board. */
export async function saveSelfDiagnosis(db: Db, p: Actor & { year: number; month: number; text: string }) {
  if (!can(p.actor, 'board.diagnose', p.unit)) throw new ForbiddenError('只有本单位书记可以填写自我诊断');
  await db.$transaction(async (tx) => {
    const data = { selfText: p.text, selfById: p.actor.id, selfAt: new Date() };
    const d = await tx.diagnosis.upsert({
      where: { unitId_year_month: { unitId: p.unit.id, year: p.year, month: p.month } },
      create: { unitId: p.unit.id, year: p.year, month: p.month, ...data },
      update: data,
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'board.self_diagnosis',
      entityType: 'Diagnosis',
      entityId: d.id,
      unitId: p.unit.id,
      summary: `${p.year}年${p.month}月自我诊断`,
      ip: p.ip,
    });
  });
}

export const RATING_LABELS: Record<DiagnosisRating, string> = { GOOD: '好', FAIR: '较好', NEEDS_WORK: '一般', POOR: '差' };

/** The office's evaluation of a unit's month. */
export async function saveOfficeEvaluation(db: Db, p: Actor & { year: number; month: number; rating: DiagnosisRating; text: string }) {
  if (!can(p.actor, 'board.evaluate', p.unit)) throw new ForbiddenError('只有党委办公室可以评价');
  await db.$transaction(async (tx) => {
    const data = { officeRating: p.rating, officeText: p.text, officeById: p.actor.id, officeAt: new Date() };
    const d = await tx.diagnosis.upsert({
      where: { unitId_year_month: { unitId: p.unit.id, year: p.year, month: p.month } },
      create: { unitId: p.unit.id, year: p.year, month: p.month, ...data },
      update: data,
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'board.office_evaluation',
      entityType: 'Diagnosis',
      entityId: d.id,
      unitId: p.unit.id,
      summary: `党委办公室评价${p.unit.name}${p.year}年${p.month}月：${RATING_LABELS[p.rating]}`,
      ip: p.ip,
    });
  });
}
