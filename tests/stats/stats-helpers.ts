import type { RevisionStatus } from '../../src/generated/prisma/enums.js';
import { testDb } from '../helpers/db.js';

/** A module of the committee or branch template by key. */
export async function moduleOf(key: string, template: 'branch' | 'committee' = 'branch') {
  return testDb().moduleDef.findFirstOrThrow({ where: { key, template: { key: template } }, select: { id: true, kind: true } });
}

/** The page and records modules a unit of the template is judged on (the catalogue may differ between runs). */
export async function trackedModules(template: 'branch' | 'committee' = 'branch') {
  return testDb().moduleDef.count({ where: { template: { key: template }, kind: { in: ['PAGE', 'RECORDS'] }, retiredAt: null } });
}

interface Rev {
  status: RevisionStatus;
  /** When it was decided (published, sent back, taken down). */
  at?: string;
  submittedAt?: string;
  createdAt?: string;
}

/**
 * A page or record of `unitId` in module `key`, with revisions written as they would be after the review steps
 * (numbered in order), at the given instants; `deleted` marks the item deleted.
 */
export async function makeItem(
  unitId: number,
  authorId: number,
  key: string,
  revisions: Rev[],
  opts: { deleted?: boolean; template?: 'branch' | 'committee' } = {},
) {
  const m = await moduleOf(key, opts.template);
  const db = testDb();
  const item = await db.contentItem.create({
    data: {
      unitId,
      moduleId: m.id,
      kind: m.kind === 'PAGE' ? 'PAGE' : 'RECORD',
      title: `测试${key}`,
      headNumber: revisions.length,
      deletedAt: opts.deleted ? new Date() : null,
    },
  });
  for (const [i, r] of revisions.entries()) {
    const decided = r.at ? new Date(r.at) : null;
    await db.revision.create({
      data: {
        itemId: item.id,
        number: i + 1,
        status: r.status,
        title: `测试${key}（第 ${i + 1} 版）`,
        authorId,
        createdAt: r.createdAt ? new Date(r.createdAt) : r.submittedAt ? new Date(r.submittedAt) : (decided ?? new Date()),
        submittedAt: r.submittedAt ? new Date(r.submittedAt) : null,
        reviewedAt: decided,
        reviewedById: decided ? authorId : null,
      },
    });
  }
  return item;
}

/** A secretary's send-back decision as the review service leaves it: the audit entry (and the revision, unless resubmitted since). */
export async function sendBackAt(unitId: number, actorId: number, at: string, opts: { revision?: { submittedAt: string } } = {}) {
  if (opts.revision) await makeItem(unitId, actorId, 'theme-day', [{ status: 'REJECTED', submittedAt: opts.revision.submittedAt, at }]);
  await testDb().auditLog.create({
    data: { at: new Date(at), actorId, action: 'content.sent_back', entityType: 'ContentItem', unitId, summary: '退回修改：测试' },
  });
}
