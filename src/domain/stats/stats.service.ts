import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { can, type SessionUser } from '../authz/can.js';
import { audit } from '../audit/audit.service.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { RATING_LABELS, type Rating } from './quality.js';
import { hasEnded, quarterLabel, type QuarterRef } from './quarters.js';
import { computeFigures } from './stats.compute.js';

interface Act extends QuarterRef {
  actor: SessionUser;
  ip?: string;
}

/** The quarter's snapshot row, locked until the transaction ends (compute, rate and publish take turns). */
function lockQuarter(tx: Prisma.TransactionClient, q: QuarterRef) {
  return tx.$queryRaw<{ id: number; status: string }[]>`
    SELECT id, status::text AS status FROM "StatsQuarter" WHERE year = ${q.year} AND quarter = ${q.quarter} FOR UPDATE`;
}

function mustManage(actor: SessionUser) {
  if (!can(actor, 'stats.manage')) throw new ForbiddenError('只有党务室可以统计和发布季度数据');
}

/**
 * Computes a quarter's figures into its draft snapshot (creating it, or replacing the figures of an existing
 * draft; ratings already entered are kept). A published quarter is never recomputed; a quarter that has not
 * ended cannot be computed. A fixed number of queries whatever the number of units.
 */
export async function computeQuarter(db: Db, p: Act & { now?: Date }): Promise<{ units: number }> {
  mustManage(p.actor);
  const now = p.now ?? new Date();
  if (!hasEnded(p, now)) throw new ValidationError({ _form: `${quarterLabel(p)}尚未结束，结束后才能统计` });
  return db.$transaction(async (tx) => {
    const locked = await lockQuarter(tx, p);
    if (locked[0]?.status === 'PUBLISHED') throw new ValidationError({ _form: `${quarterLabel(p)}的统计已发布，不能重新计算` });
    const figures = await computeFigures(tx, p);
    const quarter = await tx.statsQuarter.upsert({
      where: { year_quarter: { year: p.year, quarter: p.quarter } },
      create: { year: p.year, quarter: p.quarter, computedAt: now, computedById: p.actor.id },
      update: { computedAt: now, computedById: p.actor.id },
      select: { id: true },
    });
    const rated = await tx.statsUnitRow.findMany({
      where: { quarterId: quarter.id, rating: { not: null } },
      select: { unitId: true, rating: true, ratingComment: true, ratedById: true, ratedAt: true },
    });
    const ratingOf = new Map(rated.map(({ unitId, ...r }) => [unitId, r]));
    await tx.statsUnitRow.deleteMany({ where: { quarterId: quarter.id } });
    await tx.statsUnitRow.createMany({ data: figures.map((f) => ({ ...f, ...ratingOf.get(f.unitId), quarterId: quarter.id })) });
    await audit(tx, {
      actorId: p.actor.id,
      action: locked.length ? 'stats.recomputed' : 'stats.computed',
      entityType: 'StatsQuarter',
      entityId: quarter.id,
      summary: `${locked.length ? '重新计算' : '计算'}${quarterLabel(p)}信息统计（${figures.length} 个单位）`,
      ip: p.ip,
    });
    return { units: figures.length };
  });
}

/** One unit's line of the rating sheet: its grade (null: not rated) and comment. */
export interface UnitRating {
  unitId: number;
  rating: Rating | null;
  comment: string;
}

/**
 * The office's rating sheet for a draft quarter, saved in one transaction: the lines that changed are written and
 * audited one by one (each unit's history names its own rating), the others are left as they were.
 */
export async function rateUnits(db: Db, p: Act & { ratings: UnitRating[] }): Promise<number> {
  mustManage(p.actor);
  return db.$transaction(async (tx) => {
    const [quarter] = await lockQuarter(tx, p);
    if (!quarter) throw new NotFoundError('季度统计');
    if (quarter.status !== 'DRAFT') throw new ValidationError({ _form: '统计已发布，评定等级不能再修改' });
    const rows = await tx.statsUnitRow.findMany({
      where: { quarterId: quarter.id, unitId: { in: p.ratings.map((r) => r.unitId) } },
      select: { unitId: true, unitName: true, rating: true, ratingComment: true },
    });
    const byUnit = new Map(rows.map((r) => [r.unitId, r]));
    if (p.ratings.some((r) => !byUnit.has(r.unitId))) throw new NotFoundError('单位');
    const changed = p.ratings.filter((r) => byUnit.get(r.unitId)!.rating !== r.rating || byUnit.get(r.unitId)!.ratingComment !== r.comment);
    for (const r of changed) {
      await tx.statsUnitRow.update({
        where: { quarterId_unitId: { quarterId: quarter.id, unitId: r.unitId } },
        data: { rating: r.rating, ratingComment: r.comment, ratedById: p.actor.id, ratedAt: new Date() },
      });
      await audit(tx, {
        actorId: p.actor.id,
        action: 'stats.rated',
        entityType: 'StatsQuarter',
        entityId: quarter.id,
        unitId: r.unitId,
        summary: `${quarterLabel(p)}信息统计评定：${byUnit.get(r.unitId)!.unitName} ${r.rating ? RATING_LABELS[r.rating] : '未评定'}`,
        ip: p.ip,
      });
    }
    return changed.length;
  });
}

/** Publishes a draft quarter once every unit is rated; from then on its figures never change. */
export async function publishQuarter(db: Db, p: Act): Promise<void> {
  mustManage(p.actor);
  await db.$transaction(async (tx) => {
    const locked = await lockQuarter(tx, p);
    if (!locked.length) throw new NotFoundError('季度统计');
    if (locked[0].status === 'PUBLISHED') throw new ValidationError({ _form: '该季度统计已发布' });
    const unrated = await tx.statsUnitRow.findMany({
      where: { quarterId: locked[0].id, rating: null },
      select: { unitName: true },
      orderBy: { sortOrder: 'asc' },
    });
    if (unrated.length) {
      const names = unrated
        .slice(0, 5)
        .map((u) => u.unitName)
        .join('、');
      throw new ValidationError({
        _form: `还有 ${unrated.length} 个单位未评定等级（${names}${unrated.length > 5 ? '等' : ''}），全部评定后才能发布`,
      });
    }
    await tx.statsQuarter.update({
      where: { id: locked[0].id },
      data: { status: 'PUBLISHED', publishedAt: new Date(), publishedById: p.actor.id },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'stats.published',
      entityType: 'StatsQuarter',
      entityId: locked[0].id,
      summary: `发布${quarterLabel(p)}信息统计`,
      ip: p.ip,
    });
  });
}
