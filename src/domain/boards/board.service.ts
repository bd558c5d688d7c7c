import type { Db } from '../../db/client.js';
import type { DiagnosisRating, Direction, TargetKind, TargetPeriod, ValueKind } from '../../generated/prisma/enums.js';
import { valueKindFor } from './rules.js';
import { boardSource } from './sources.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { audit } from '../audit/audit.service.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';

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
  /** Unset: guessed from the unit of measure. */
  valueKind?: ValueKind;
  minValue?: number;
  maxValue?: number;
  earlyDays?: number;
  ownerName?: string;
  parentId?: number;
  sortOrder?: number;
  /** A source of the portal that feeds the actual values (sources.ts); unset: typed in. */
  source?: string;
}

/** Rules a target must keep beyond its field types: a challenge has a stretch beyond its target, a link goes to the committee. */
async function checkTarget(db: Db, t: TargetInput) {
  if (t.kind === 'CHALLENGE') {
    if (t.stretchValue == null) throw new ValidationError({ stretchValue: '挑战目标请填写挑战值' });
    const beyond = t.direction === 'HIGHER' ? t.stretchValue > t.targetValue : t.stretchValue < t.targetValue;
    if (!beyond)
      throw new ValidationError({ stretchValue: t.direction === 'HIGHER' ? '挑战值应高于目标值' : '挑战值应低于目标值（越低越好）' });
  }
  if (t.source && !boardSource(t.source)) throw new ValidationError({ source: '请选择数据来源' });
  if (t.minValue != null && t.maxValue != null && t.minValue >= t.maxValue) throw new ValidationError({ maxValue: '最大值应大于最小值' });
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
    valueKind: t.valueKind ?? valueKindFor(t.uom),
    minValue: t.minValue ?? null,
    maxValue: t.maxValue ?? null,
    earlyDays: t.earlyDays ?? 0,
    ownerName: t.ownerName ?? '',
    parentId: t.parentId ?? null,
    sortOrder: t.sortOrder ?? 0,
    source: t.source ?? null,
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

export { COUNTERMEASURE_DAYS, recordMeasurement } from './report.service.js';

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
    // the draft evaluated: once the unit rewrites its text, the board shows the evaluation as on the earlier draft
    const current = await tx.diagnosis.findUnique({
      where: { unitId_year_month: { unitId: p.unit.id, year: p.year, month: p.month } },
      select: { selfText: true },
    });
    const data = {
      officeRating: p.rating,
      officeText: p.text,
      officeById: p.actor.id,
      officeAt: new Date(),
      evaluatedSelfText: current?.selfText ?? '',
    };
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
