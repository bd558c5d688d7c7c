import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import { toId } from '../../lib/ids.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { audit } from '../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { storeUploads, uploadTransaction, type CheckedUpload } from '../files/attachments.service.js';
import { makePublished } from './publish.js';

export type Intent = 'draft' | 'submit' | 'publish';

export interface SaveProps {
  unit: UnitScope & { code: string };
  moduleId: number;
  kind: 'PAGE' | 'RECORD';
  /** The record being edited; none for a page (one per module) or a new record. */
  itemId?: number;
  /** The revision number the form was loaded from (0 for new content): older than the head means a conflict. */
  baseNumber: number;
  title: string;
  body: string;
  fields?: Prisma.InputJsonValue;
  eventDate?: Date | null;
  intent: Intent;
  attachmentIds?: number[];
  /** New files, stored in the save's transaction (checked before, by checkUploads). */
  uploads?: CheckedUpload[];
  removeAttachmentIds?: number[];
  restoredFrom?: number;
  actor: SessionUser;
  ip?: string;
}

export const STATUS_LABELS: Record<string, string> = {
  DRAFT: '草稿',
  SUBMITTED: '待审核',
  PUBLISHED: '已发布',
  REJECTED: '已退回',
  SUPERSEDED: '历史版本',
  TAKEN_DOWN: '已撤下',
};

/**
 * Saves a page or record as a new revision. A secretary's save (the office's on the committee's site) publishes
 * at once; anyone else's is a draft, or goes to review when submitted. A save based on an older revision than
 * the latest is refused with the latest attached, so nothing is overwritten silently.
 */
export async function saveRevision(db: Db, p: SaveProps) {
  if (!can(p.actor, 'module.edit', p.unit)) throw new ForbiddenError();
  const publishes = p.intent === 'publish';
  if (publishes && !can(p.actor, 'module.publish', p.unit)) throw new ForbiddenError('您没有直接发布的权限，请提交审核');
  // A page's first save creates its one item (the unique index "ContentItem_one_page_per_module"): a second first
  // save at the same instant fails on that index and, run again, finds the item and is told of the edit conflict.
  return transactionWithRetry(db, uploadTransaction(p.uploads), async (tx) => {
    let item = p.itemId
      ? await tx.contentItem.findFirst({ where: { id: p.itemId, unitId: p.unit.id, moduleId: p.moduleId, deletedAt: null } })
      : p.kind === 'PAGE'
        ? await tx.contentItem.findFirst({ where: { unitId: p.unit.id, moduleId: p.moduleId, kind: 'PAGE' } })
        : null;
    if (p.itemId && !item) throw new NotFoundError('内容');
    if (item) {
      // Lock the item so two saves cannot both pass the conflict check.
      await tx.$queryRaw`SELECT id FROM "ContentItem" WHERE id = ${item.id} FOR UPDATE`;
      item = await tx.contentItem.findUniqueOrThrow({ where: { id: item.id } });
      if (p.baseNumber < item.headNumber) {
        const head = await tx.revision.findUniqueOrThrow({ where: { itemId_number: { itemId: item.id, number: item.headNumber } } });
        throw new ConflictError('在您编辑期间，已有他人保存了新的版本', head);
      }
    } else {
      item = await tx.contentItem.create({
        data: { unitId: p.unit.id, moduleId: p.moduleId, kind: p.kind, title: p.title, eventDate: p.eventDate ?? null },
      });
    }
    const number = item.headNumber + 1;
    const previous = item.headNumber
      ? await tx.revisionAttachment.findMany({
          where: { revision: { itemId: item.id, number: item.headNumber } },
          select: { attachmentId: true },
        })
      : [];
    const keep = previous.map((a) => a.attachmentId).filter((id) => !(p.removeAttachmentIds ?? []).includes(id));
    const added = await storeUploads(tx, p.uploads ?? [], { unitId: p.unit.id, uploadedById: p.actor.id });
    const attachmentIds = [...new Set([...keep, ...(p.attachmentIds ?? []), ...added])];
    const rev = await tx.revision.create({
      data: {
        itemId: item.id,
        number,
        status: p.intent === 'submit' ? 'SUBMITTED' : 'DRAFT',
        title: p.title,
        body: p.body,
        fields: p.fields,
        eventDate: p.eventDate ?? null,
        baseNumber: p.baseNumber,
        authorId: p.actor.id,
        restoredFrom: p.restoredFrom ?? null,
        submittedAt: p.intent === 'submit' ? new Date() : null,
        attachments: { create: attachmentIds.map((attachmentId) => ({ attachmentId })) },
      },
    });
    await tx.contentItem.update({
      where: { id: item.id },
      data: { headNumber: number, ...(item.publishedRevisionId ? {} : { title: p.title, eventDate: p.eventDate ?? null }) },
    });
    if (publishes) await makePublished(tx, item, rev, p.actor.id);
    const verb = publishes ? '发布' : p.intent === 'submit' ? '提交审核' : '保存草稿';
    await audit(tx, {
      actorId: p.actor.id,
      action: publishes ? 'content.published' : p.intent === 'submit' ? 'content.submitted' : 'content.draft_saved',
      entityType: 'ContentItem',
      entityId: item.id,
      unitId: p.unit.id,
      ip: p.ip,
      summary: `${verb}：${p.title}（第 ${number} 版${p.restoredFrom ? `，恢复自第 ${p.restoredFrom} 版` : ''}）`,
    });
    return { itemId: item.id, number, status: publishes ? 'PUBLISHED' : rev.status };
  });
}

/** Validates the attachments a form refers to for removal: they must belong to the item's latest revision. */
export function parseIdList(v: unknown): number[] {
  const list = Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
  const ids = list.map(toId).filter((n) => n !== null);
  if (ids.length !== list.length) throw new ValidationError({ attachments: '附件选择无效' });
  return ids;
}
