import type { Db } from '../../db/client.js';
import { can, type SessionUser } from '../authz/can.js';

/**
 * Who may download an attachment, decided by what it is attached to. Content: anyone logged in once a revision
 * carrying it is published (党务公开); before that only the unit's editors and the office. Other features (notices)
 * add their own rule to ATTACHMENT_READ_RULES; a file is readable when any rule says so.
 */
export type AttachmentReadRule = (db: Db, user: SessionUser, attachmentId: number) => Promise<boolean>;

const contentRule: AttachmentReadRule = async (db, user, attachmentId) => {
  const links = await db.revisionAttachment.findMany({
    where: { attachmentId },
    select: { revision: { select: { status: true, item: { select: { unitId: true } } } } },
    take: 50,
  });
  if (links.some((l) => l.revision.status === 'PUBLISHED' || l.revision.status === 'SUPERSEDED')) return true;
  if (!links.length) return false;
  const units = await db.unit.findMany({ where: { id: { in: [...new Set(links.map((l) => l.revision.item.unitId))] } }, select: { id: true, kind: true, parentId: true, archivedAt: true } });
  return units.some((u) => can(user, 'module.edit', { ...u, archivedAt: null }) || can(user, 'module.takedown', u));
};

export const ATTACHMENT_READ_RULES: AttachmentReadRule[] = [contentRule];

/** The uploader may always fetch what they uploaded (to check it before submitting). */
export async function canReadAttachment(db: Db, user: SessionUser, attachment: { id: number; uploadedById: number }): Promise<boolean> {
  if (attachment.uploadedById === user.id) return true;
  for (const rule of ATTACHMENT_READ_RULES) if (await rule(db, user, attachment.id)) return true;
  return false;
}
