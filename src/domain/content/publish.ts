import type { Prisma } from '../../generated/prisma/client.js';

type Tx = Prisma.TransactionClient;

/**
 * Makes `revisionId` the one readers see: the previously published revision becomes SUPERSEDED, the item and
 * the unit's ModuleStatus follow. Runs inside the caller's transaction.
 */
export async function makePublished(
  tx: Tx,
  item: { id: number; unitId: number; moduleId: number; publishedRevisionId: number | null },
  rev: { id: number; title: string; eventDate: Date | null },
  actorId: number,
  now = new Date(),
) {
  if (item.publishedRevisionId && item.publishedRevisionId !== rev.id) {
    await tx.revision.update({ where: { id: item.publishedRevisionId }, data: { status: 'SUPERSEDED' } });
  }
  await tx.revision.update({ where: { id: rev.id }, data: { status: 'PUBLISHED', reviewedById: actorId, reviewedAt: now } });
  await tx.contentItem.update({
    where: { id: item.id },
    data: { publishedRevisionId: rev.id, publishedAt: now, title: rev.title, eventDate: rev.eventDate },
  });
  await tx.moduleStatus.upsert({
    where: { unitId_moduleId: { unitId: item.unitId, moduleId: item.moduleId } },
    create: { unitId: item.unitId, moduleId: item.moduleId, lastPublishedAt: now, lastPublishedById: actorId, publishedItems: 1 },
    update: { lastPublishedAt: now, lastPublishedById: actorId, ...(item.publishedRevisionId ? {} : { publishedItems: { increment: 1 } }) },
  });
}

/**
 * After a take-down: the item shows its previous published revision again (or nothing), and the unit's
 * ModuleStatus is recomputed from what is still published.
 */
export async function restorePrevious(tx: Tx, item: { id: number; unitId: number; moduleId: number }) {
  const previous = await tx.revision.findFirst({ where: { itemId: item.id, status: 'SUPERSEDED' }, orderBy: { number: 'desc' } });
  if (previous) {
    await tx.revision.update({ where: { id: previous.id }, data: { status: 'PUBLISHED' } });
    await tx.contentItem.update({
      where: { id: item.id },
      data: { publishedRevisionId: previous.id, title: previous.title, eventDate: previous.eventDate },
    });
  } else {
    await tx.contentItem.update({ where: { id: item.id }, data: { publishedRevisionId: null, publishedAt: null } });
  }
  const agg = await tx.contentItem.aggregate({
    where: { unitId: item.unitId, moduleId: item.moduleId, publishedRevisionId: { not: null }, deletedAt: null },
    _max: { publishedAt: true },
    _count: { _all: true },
  });
  await tx.moduleStatus.updateMany({
    where: { unitId: item.unitId, moduleId: item.moduleId },
    data: {
      lastPublishedAt: agg._max.publishedAt,
      publishedItems: agg._count._all,
      ...(agg._max.publishedAt ? {} : { lastPublishedById: null }),
    },
  });
}
