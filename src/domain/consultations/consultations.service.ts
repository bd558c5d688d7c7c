import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import type { ConsultationAudience } from '../../generated/prisma/enums.js';
import { audit } from '../audit/audit.service.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { audienceWhere, consultationPhase, today, type AudienceContext } from './audience.js';

export const AUDIENCE_LABELS: Record<ConsultationAudience, string> = { ALL: '全体职工', MEMBERS: '全体党员', UNITS: '指定单位' };

/**
 * The units an owner may choose for a UNITS audience: any branch when the committee asks, else the owner's own
 * sub-units (a branch's party groups). One query.
 */
export function choosableUnits(db: Db, owner: { id: number; kind: string }) {
  return db.unit.findMany({
    where:
      owner.kind === 'COMMITTEE'
        ? { kind: { in: ['GENERAL_BRANCH', 'BRANCH'] }, archivedAt: null }
        : { parentId: owner.id, archivedAt: null },
    select: { id: true, code: true, name: true },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
  });
}

/** Opens a consultation of `unit` (the committee for the office, or the secretary's unit). */
export async function openConsultation(
  db: Db,
  p: {
    unit: UnitScope & { name: string };
    actor: SessionUser;
    title: string;
    description: string;
    audience: ConsultationAudience;
    startDate: Date;
    endDate: Date;
    unitIds: number[];
    ip?: string;
  },
) {
  if (!can(p.actor, 'consultation.manage', p.unit)) throw new ForbiddenError('只有本单位书记（党委为党务室）可以发起征求意见');
  const errors: Record<string, string> = {};
  if (p.endDate < p.startDate) errors.endDate = '截止日期不能早于开始日期';
  else if (p.endDate.toISOString().slice(0, 10) < today()) errors.endDate = '截止日期不能早于今天';
  const allowed = p.audience === 'UNITS' ? new Set((await choosableUnits(db, p.unit)).map((u) => u.id)) : new Set<number>();
  const chosen = p.audience === 'UNITS' ? [...new Set(p.unitIds)] : [];
  if (p.audience === 'UNITS' && (!chosen.length || chosen.some((id) => !allowed.has(id))))
    errors.unitIds = '请至少选择一个征求范围内的单位';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.$transaction(async (tx) => {
    const c = await tx.consultation.create({
      data: {
        unitId: p.unit.id,
        companyWide: p.unit.kind === 'COMMITTEE',
        title: p.title,
        description: p.description,
        audience: p.audience,
        startDate: p.startDate,
        endDate: p.endDate,
        createdById: p.actor.id,
        units: { create: chosen.map((unitId) => ({ unitId })) },
      },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'consultation.opened',
      entityType: 'Consultation',
      entityId: c.id,
      unitId: p.unit.id,
      summary: `发起征求意见（${AUDIENCE_LABELS[p.audience]}）：${p.title.slice(0, 40)}`,
      ip: p.ip,
    });
    return c;
  });
}

/** Gives or changes the person's one opinion, while the consultation is open and only if they are in its audience. */
export async function giveOpinion(
  db: Db,
  p: { consultationId: number; actor: SessionUser; audience: AudienceContext; body: string; ip?: string },
) {
  // two first saves at once (a double click, two tabs): the later one runs again and is recorded as a change
  return transactionWithRetry(db, async (tx) => {
    const c = await tx.consultation.findFirst({
      where: { id: p.consultationId },
      select: { id: true, unitId: true, title: true, startDate: true, endDate: true, summaryPublishedAt: true },
    });
    if (!c) throw new NotFoundError('征求意见');
    const inAudience = await tx.consultation.count({ where: { AND: [{ id: c.id }, audienceWhere(p.audience)] } });
    if (!inAudience) throw new ForbiddenError('您不在本次征求意见的范围内');
    const phase = consultationPhase(c, today());
    if (phase !== 'OPEN')
      throw new ValidationError({ _form: phase === 'UPCOMING' ? '征求意见尚未开始' : '征求意见已经截止，不能再提交或修改意见' });
    const before = await tx.consultationOpinion.findUnique({
      where: { consultationId_authorId: { consultationId: c.id, authorId: p.actor.id } },
      select: { id: true },
    });
    if (before) await tx.consultationOpinion.update({ where: { id: before.id }, data: { body: p.body } });
    else await tx.consultationOpinion.create({ data: { consultationId: c.id, authorId: p.actor.id, body: p.body } });
    await audit(tx, {
      actorId: p.actor.id,
      action: before ? 'consultation.opinion_changed' : 'consultation.opinion_given',
      entityType: 'Consultation',
      entityId: c.id,
      unitId: c.unitId,
      summary: `${before ? '修改' : '提交'}意见：${c.title.slice(0, 40)}`,
      ip: p.ip,
    });
    return before ? 'changed' : 'given';
  });
}

/** After it closes, the owner publishes what was heard and what will be done (and may correct it later). */
export async function publishSummary(
  db: Db,
  p: { consultationId: number; unit: UnitScope; actor: SessionUser; heard: string; actions: string; ip?: string },
) {
  if (!can(p.actor, 'consultation.manage', p.unit)) throw new ForbiddenError('只有发起单位可以发布意见汇总');
  return db.$transaction(async (tx) => {
    // locked first: two first publications at once are one publication and one correction, audited as such
    await tx.$queryRaw`SELECT id FROM "Consultation" WHERE id = ${p.consultationId} FOR UPDATE`;
    const c = await tx.consultation.findFirst({
      where: { id: p.consultationId, unitId: p.unit.id },
      select: { id: true, title: true, startDate: true, endDate: true, summaryPublishedAt: true },
    });
    if (!c) throw new NotFoundError('征求意见');
    const phase = consultationPhase(c, today());
    if (phase === 'UPCOMING' || phase === 'OPEN') throw new ValidationError({ _form: '征求意见截止后才能发布汇总' });
    await tx.consultation.update({
      where: { id: c.id },
      data: { summaryHeard: p.heard, summaryActions: p.actions, summaryPublishedAt: c.summaryPublishedAt ?? new Date() },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: c.summaryPublishedAt ? 'consultation.summary_changed' : 'consultation.summary_published',
      entityType: 'Consultation',
      entityId: c.id,
      unitId: p.unit.id,
      summary: `${c.summaryPublishedAt ? '修改' : '发布'}意见汇总：${c.title.slice(0, 40)}`,
      ip: p.ip,
    });
  });
}
