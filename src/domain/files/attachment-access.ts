import type { Db } from '../../db/client.js';
import type { SessionUser } from '../authz/can.js';
import { PUBLIC_CONTENT, seesUnpublished } from '../content/content.policy.js';

/**
 * Who may download an attachment, decided by what it is attached to. Content: anyone logged in when a revision
 * carrying it is or was published and not taken down (党务公开); otherwise only those content.policy.ts lets see
 * unpublished content. Other features (notices)
 * add their own rule to ATTACHMENT_READ_RULES; a file is readable when any rule says so.
 */
export type AttachmentReadRule = (db: Db, user: SessionUser, attachmentId: number) => Promise<boolean>;

// Asked of the database over every revision carrying the file (a page revised many times carries it in each revision),
// not judged from a first few links.
const contentRule: AttachmentReadRule = async (db, user, attachmentId) => {
  const published = await db.revisionAttachment.count({
    where: { attachmentId, revision: { status: { in: PUBLIC_CONTENT }, item: { deletedAt: null } } },
  });
  if (published) return true;
  const items = await db.contentItem.findMany({
    where: { revisions: { some: { attachments: { some: { attachmentId } } } } },
    select: { unitId: true },
    distinct: ['unitId'],
  });
  if (!items.length) return false;
  const units = await db.unit.findMany({
    where: { id: { in: items.map((i) => i.unitId) } },
    select: { id: true, kind: true, parentId: true, archivedAt: true },
  });
  return units.some((u) => seesUnpublished(user, u));
};

export const ATTACHMENT_READ_RULES: AttachmentReadRule[] = [contentRule];

/** The uploader may always fetch what they uploaded (to check it before submitting). */
export async function canReadAttachment(db: Db, user: SessionUser, attachment: { id: number; uploadedById: number }): Promise<boolean> {
  if (attachment.uploadedById === user.id) return true;
  for (const rule of ATTACHMENT_READ_RULES) if (await rule(db, user, attachment.id)) return true;
  return false;
}
