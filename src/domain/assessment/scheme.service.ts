import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import type { CriterionMethod } from '../../generated/prisma/enums.js';
import { audit } from '../audit/audit.service.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { METHOD_LABELS } from './measures.js';

export interface CriterionInput {
  title: string;
  method: CriterionMethod;
  weight: number;
  maxScore: number;
  norm?: number | null;
}

interface Actor {
  actorId: number;
  ip?: string;
}

/** The rules a criterion must keep whoever calls (the form checks the same, with its messages beside the fields). */
function checked(c: CriterionInput): CriterionInput & { norm: number | null } {
  const errors: Record<string, string> = {};
  if (!(c.weight >= 0)) errors.weight = '权重不能为负数';
  if (!(c.maxScore > 0)) errors.maxScore = '满分必须大于 0';
  if (c.method === 'INFO_UPDATES' && !(c.norm != null && c.norm > 0)) errors.norm = '信息报送须填写满分所需的条数（大于 0）';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { ...c, norm: c.method === 'INFO_UPDATES' ? c.norm! : null };
}

/** Creates a year's scheme, empty or with the previous year's criteria still in use (retired ones are not copied). */
export async function createScheme(db: Db, p: Actor & { year: number; note?: string; copyPrevious: boolean }) {
  return transactionWithRetry(db, async (tx) => {
    if (await tx.assessmentScheme.findUnique({ where: { year: p.year }, select: { id: true } }))
      throw new ValidationError({ _form: `${p.year} 年的考核方案已经存在` });
    const previous = p.copyPrevious
      ? await tx.assessmentCriterion.findMany({
          where: { scheme: { year: p.year - 1 }, retiredAt: null },
          orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
          select: { title: true, method: true, weight: true, maxScore: true, norm: true },
        })
      : [];
    const scheme = await tx.assessmentScheme.create({
      data: { year: p.year, note: p.note ?? '', criteria: { create: previous.map((c, i) => ({ ...c, sortOrder: i + 1 })) } },
    });
    await audit(tx, {
      actorId: p.actorId,
      action: 'assessment.scheme_created',
      entityType: 'AssessmentScheme',
      entityId: scheme.id,
      summary: `建立 ${p.year} 年考核方案${previous.length ? `（沿用上年 ${previous.length} 项考核内容）` : ''}`,
      ip: p.ip,
    });
    return { scheme, copied: previous.length };
  });
}

export async function addCriterion(db: Db, p: Actor & { schemeId: number; input: CriterionInput }) {
  const c = checked(p.input);
  return db.$transaction(async (tx) => {
    const last = await tx.assessmentCriterion.aggregate({ where: { schemeId: p.schemeId }, _max: { sortOrder: true } });
    const row = await tx.assessmentCriterion.create({ data: { schemeId: p.schemeId, ...c, sortOrder: (last._max.sortOrder ?? 0) + 1 } });
    await audit(tx, {
      actorId: p.actorId,
      action: 'assessment.criterion_added',
      entityType: 'AssessmentCriterion',
      entityId: row.id,
      summary: `新增考核内容“${c.title}”（${METHOD_LABELS[c.method]}，权重 ${c.weight}，满分 ${c.maxScore}）`,
      ip: p.ip,
    });
    return row;
  });
}

/** Changes a criterion; totals are derived from the stored scores, so every quarter follows the new weight at once. */
export async function updateCriterion(db: Db, p: Actor & { schemeId: number; criterionId: number; input: CriterionInput }) {
  const c = checked(p.input);
  await db.$transaction(async (tx) => {
    const before = await tx.assessmentCriterion.findFirst({ where: { id: p.criterionId, schemeId: p.schemeId } });
    if (!before) throw new NotFoundError('考核内容');
    await tx.assessmentCriterion.update({ where: { id: before.id }, data: c });
    await audit(tx, {
      actorId: p.actorId,
      action: 'assessment.criterion_updated',
      entityType: 'AssessmentCriterion',
      entityId: before.id,
      summary: `修改考核内容“${c.title}”：权重 ${before.weight} → ${c.weight}，满分 ${before.maxScore} → ${c.maxScore}`,
      data: {
        before: { title: before.title, method: before.method, weight: before.weight, maxScore: before.maxScore, norm: before.norm },
        after: { ...c },
      },
      ip: p.ip,
    });
  });
}

/** Retires a criterion: it leaves the sheets and the totals; its stored scores are kept. */
export async function retireCriterion(db: Db, p: Actor & { schemeId: number; criterionId: number }) {
  await db.$transaction(async (tx) => {
    const c = await tx.assessmentCriterion.findFirst({ where: { id: p.criterionId, schemeId: p.schemeId, retiredAt: null } });
    if (!c) throw new NotFoundError('考核内容');
    await tx.assessmentCriterion.update({ where: { id: c.id }, data: { retiredAt: new Date() } });
    await audit(tx, {
      actorId: p.actorId,
      action: 'assessment.criterion_retired',
      entityType: 'AssessmentCriterion',
      entityId: c.id,
      summary: `停用考核内容“${c.title}”`,
      ip: p.ip,
    });
  });
}
