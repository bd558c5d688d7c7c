import type { Db } from '../../db/client.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { audit } from '../audit/audit.service.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { saveRevision, type Intent } from './content.service.js';
import { makePublished, restorePrevious } from './publish.js';

interface ItemRef {
  unit: UnitScope;
  itemId: number;
  actor: SessionUser;
  ip?: string;
}

async function headOf(tx: Pick<Db, 'contentItem' | 'revision'>, unitId: number, itemId: number) {
  const item = await tx.contentItem.findFirst({ where: { id: itemId, unitId, deletedAt: null } });
  if (!item) throw new NotFoundError('内容');
  const head = item.headNumber ? await tx.revision.findUnique({ where: { itemId_number: { itemId, number: item.headNumber } } }) : null;
  if (!head) throw new NotFoundError('版本');
  return { item, head };
}

/**
 * Locks the item's row for the rest of the transaction, so review steps on one item (and saves of it, which lock
 * it too) run one after the other: a second click of the same button, or another reviewer at the same instant,
 * waits and then reads the state the first one left, and is refused with the usual message instead of doing the
 * step again (publishing twice, or overwriting a publication with a send-back).
 */
async function lockItem(tx: Pick<Db, '$queryRaw'>, unitId: number, itemId: number) {
  await tx.$queryRaw`SELECT id FROM "ContentItem" WHERE id = ${itemId} AND "unitId" = ${unitId} FOR UPDATE`;
}

/** An editor sends their latest draft (or a sent-back one, revised or not) to the secretary. */
export async function submitForReview(db: Db, p: ItemRef) {
  if (!can(p.actor, 'module.edit', p.unit)) throw new ForbiddenError();
  await db.$transaction(async (tx) => {
    await lockItem(tx, p.unit.id, p.itemId);
    const { item, head } = await headOf(tx, p.unit.id, p.itemId);
    if (head.status !== 'DRAFT' && head.status !== 'REJECTED') throw new ValidationError({ _form: '只有草稿或被退回的版本可以提交审核' });
    await tx.revision.update({ where: { id: head.id }, data: { status: 'SUBMITTED', submittedAt: new Date() } });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'content.submitted',
      entityType: 'ContentItem',
      entityId: item.id,
      unitId: p.unit.id,
      summary: `提交审核：${head.title}（第 ${head.number} 版）`,
      ip: p.ip,
    });
  });
}

/** The secretary (the office on the committee's site) publishes the submitted revision. */
export async function approve(db: Db, p: ItemRef) {
  if (!can(p.actor, 'module.publish', p.unit)) throw new ForbiddenError();
  await db.$transaction(async (tx) => {
    await lockItem(tx, p.unit.id, p.itemId);
    const { item, head } = await headOf(tx, p.unit.id, p.itemId);
    if (head.status !== 'SUBMITTED' && head.status !== 'DRAFT') throw new ValidationError({ _form: '没有待审核的版本' });
    await makePublished(tx, item, head, p.actor.id);
    await audit(tx, {
      actorId: p.actor.id,
      action: 'content.approved',
      entityType: 'ContentItem',
      entityId: item.id,
      unitId: p.unit.id,
      summary: `审核通过并发布：${head.title}（第 ${head.number} 版）`,
      ip: p.ip,
    });
  });
}

/** The secretary sends the submitted revision back with a reason the author sees. */
export async function sendBack(db: Db, p: ItemRef & { reason: string }) {
  if (!can(p.actor, 'module.publish', p.unit)) throw new ForbiddenError();
  await db.$transaction(async (tx) => {
    await lockItem(tx, p.unit.id, p.itemId);
    const { item, head } = await headOf(tx, p.unit.id, p.itemId);
    if (head.status !== 'SUBMITTED') throw new ValidationError({ _form: '没有待审核的版本' });
    await tx.revision.update({
      where: { id: head.id },
      data: { status: 'REJECTED', reviewNote: p.reason, reviewedById: p.actor.id, reviewedAt: new Date() },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'content.sent_back',
      entityType: 'ContentItem',
      entityId: item.id,
      unitId: p.unit.id,
      summary: `退回修改：${head.title}（${p.reason}）`,
      ip: p.ip,
    });
  });
}

/**
 * The office takes the published revision down with a reason the unit sees (other readers only when `reasonPublic`);
 * the previous one shows again.
 * `number` is the revision the office's page showed: when another take-down (a second click) or a new
 * publication came first, that one is no longer published and nothing is taken down.
 */
export async function takeDown(db: Db, p: ItemRef & { reason: string; number?: number; reasonPublic?: boolean }) {
  if (!can(p.actor, 'module.takedown', p.unit)) throw new ForbiddenError();
  await db.$transaction(async (tx) => {
    await lockItem(tx, p.unit.id, p.itemId);
    const item = await tx.contentItem.findFirst({
      where: { id: p.itemId, unitId: p.unit.id, deletedAt: null },
      include: { publishedRevision: { select: { number: true } } },
    });
    if (!item?.publishedRevisionId) throw new ValidationError({ _form: '没有已发布的版本可以撤下' });
    if (p.number !== undefined && item.publishedRevision?.number !== p.number)
      throw new ValidationError({ _form: `第 ${p.number} 版已不是发布中的版本（已被撤下或已有新版本发布），请查看页面后再操作` });
    const rev = await tx.revision.update({
      where: { id: item.publishedRevisionId },
      data: {
        status: 'TAKEN_DOWN',
        reviewNote: p.reason,
        reasonPublic: p.reasonPublic ?? false,
        reviewedById: p.actor.id,
        reviewedAt: new Date(),
      },
    });
    await restorePrevious(tx, item);
    await audit(tx, {
      actorId: p.actor.id,
      action: 'content.taken_down',
      entityType: 'ContentItem',
      entityId: item.id,
      unitId: p.unit.id,
      summary: `撤下：${rev.title}（第 ${rev.number} 版；${p.reason}）`,
      ip: p.ip,
    });
  });
}

/** Brings back an old revision's content as a new revision (a draft, or published at once for a secretary). */
export async function restoreRevision(db: Db, p: ItemRef & { number: number; moduleId: number; intent: Intent }) {
  const { item, head } = await headOf(db, p.unit.id, p.itemId);
  const old = await db.revision.findUnique({
    where: { itemId_number: { itemId: item.id, number: p.number } },
    include: { attachments: { select: { attachmentId: true } } },
  });
  if (!old) throw new NotFoundError('版本');
  const current = await db.revisionAttachment.findMany({ where: { revisionId: head.id }, select: { attachmentId: true } });
  return saveRevision(db, {
    unit: { ...p.unit, code: '' },
    moduleId: p.moduleId,
    kind: item.kind,
    itemId: item.id,
    baseNumber: item.headNumber,
    title: old.title,
    body: old.body,
    fields: old.fields ?? undefined,
    eventDate: old.eventDate,
    intent: p.intent,
    attachmentIds: old.attachments.map((a) => a.attachmentId),
    removeAttachmentIds: current.map((a) => a.attachmentId),
    restoredFrom: old.number,
    actor: p.actor,
    ip: p.ip,
  });
}
