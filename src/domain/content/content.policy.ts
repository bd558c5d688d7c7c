import type { Prisma } from '../../generated/prisma/client.js';
import type { RevisionStatus } from '../../generated/prisma/enums.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';

/**
 * Who reads what of a unit's pages and records, in one place for every view (item pages, history, compare,
 * attachments, the changes feed). Everyone logged in reads what is or was published (党务公开); a version that was
 * taken down or never published is read only by the unit's editors and reviewers and by the office. Others see that
 * a version was taken down (and why, when the office made the reason public), never what it said.
 */
export function seesUnpublished(user: SessionUser | undefined, unit: UnitScope): boolean {
  // Editors of an archived unit still see its drafts: archiving refuses writes, not reading.
  const open = { ...unit, archivedAt: null };
  return can(user, 'module.edit', open) || can(user, 'module.publish', open) || can(user, 'module.takedown', unit);
}

/** Revisions whose content every reader may see. */
export const PUBLIC_CONTENT: RevisionStatus[] = ['PUBLISHED', 'SUPERSEDED'];

/** An item (page or record) is there for a reader only once something of it is published. */
export function itemVisibleWhere(privileged: boolean): Prisma.ContentItemWhereInput {
  return privileged ? {} : { publishedRevisionId: { not: null } };
}

/** The revisions a history lists: all for the privileged, else what is or was public (taken-down ones as a mark). */
export function revisionListedWhere(privileged: boolean): Prisma.RevisionWhereInput {
  return privileged ? {} : { status: { in: [...PUBLIC_CONTENT, 'TAKEN_DOWN'] } };
}

/** The revisions whose content (text, fields, files) a reader may open, e.g. in the comparison. */
export function revisionContentWhere(privileged: boolean): Prisma.RevisionWhereInput {
  return privileged ? {} : { status: { in: PUBLIC_CONTENT } };
}

interface ListedRevision {
  status: RevisionStatus;
  title: string;
  reviewNote: string | null;
  reasonPublic: boolean;
}

/** A history row as this reader may see it: a taken-down version keeps its number and date, not its title. */
export function redactRevision<T extends ListedRevision>(row: T, privileged: boolean): T & { redacted: boolean } {
  if (privileged || PUBLIC_CONTENT.includes(row.status)) return { ...row, redacted: false };
  return { ...row, title: '（已撤下的版本）', reviewNote: row.reasonPublic ? row.reviewNote : null, redacted: true };
}
