import type { Db } from '../../db/client.js';
import { hasGlobalRole, unitsWithRole, type SessionUser } from '../authz/can.js';

/** One line of a person's to-do: a revision and where its item lives. */
export interface TodoEntry {
  revisionId: number;
  number: number;
  title: string;
  itemId: number;
  itemKind: 'PAGE' | 'RECORD';
  unitCode: string;
  unitName: string;
  moduleKey: string;
  moduleTitle: string;
  /** Who wrote the revision (to review) or who decided (sent back, taken down). */
  person: string | null;
  /** Submitted (to review) or decided (sent back, taken down). */
  at: Date | null;
  /** Why it was sent back or taken down. */
  note: string | null;
}

export interface Todo {
  toReview: TodoEntry[];
  sentBack: TodoEntry[];
  takenDown: TodoEntry[];
}

/** Each list shows at most this many; the count in the heading says when there are more. */
export const TODO_LIMIT = 100;

const EDITOR_ROLES = ['INFO_OFFICER', 'ORG_MEMBER', 'SECRETARY'] as const;

/**
 * What waits for `user`, in at most three fixed queries whatever the history (none for a list that cannot apply to
 * their roles):
 * - to review: SUBMITTED revisions in units where they are SECRETARY, and on the committee's site for the
 *   office (who acts as the committee's secretary); oldest first;
 * - sent back: their own REJECTED revisions that nothing newer has followed yet;
 * - taken down: TAKEN_DOWN revisions in units where they are an editor (the office on the committee's site),
 *   until the item is published again or someone saves a new revision after the take-down.
 * Deleted items and archived units (which take no more changes) are left out.
 */
export async function todoFor(db: Db, user: SessionUser): Promise<Todo> {
  const office = hasGlobalRole(user, 'OFFICE');
  const secretaryOf = unitsWithRole(user, ['SECRETARY']);
  const editorOf = unitsWithRole(user, EDITOR_ROLES);
  const reviews = office || secretaryOf.length > 0;
  const edits = office || editorOf.length > 0;
  const none = Promise.resolve([] as TodoEntry[]);
  // a list that cannot apply to the person (a plain member reviews and edits nothing) is not asked for
  const [toReview, sentBack, takenDown] = await Promise.all([
    !reviews
      ? none
      : db.$queryRaw<TodoEntry[]>`
      SELECT r.id AS "revisionId", r.number, r.title, i.id AS "itemId", i.kind::text AS "itemKind",
             u.code AS "unitCode", u.name AS "unitName", m.key AS "moduleKey", m.title AS "moduleTitle",
             p."displayName" AS person, r."submittedAt" AS at, NULL::text AS note
        FROM "Revision" r
        JOIN "ContentItem" i ON i.id = r."itemId" AND i."deletedAt" IS NULL
        JOIN "Unit" u ON u.id = i."unitId" AND u."archivedAt" IS NULL
        JOIN "ModuleDef" m ON m.id = i."moduleId"
        LEFT JOIN "Person" p ON p.id = r."authorId"
       WHERE r.status = 'SUBMITTED'
         AND (u.id = ANY(${secretaryOf}::int[]) OR (${office}::boolean AND u.kind = 'COMMITTEE'))
       ORDER BY r."submittedAt" ASC NULLS LAST, r.id
       LIMIT ${TODO_LIMIT}`,
    !edits
      ? none
      : db.$queryRaw<TodoEntry[]>`
      SELECT r.id AS "revisionId", r.number, r.title, i.id AS "itemId", i.kind::text AS "itemKind",
             u.code AS "unitCode", u.name AS "unitName", m.key AS "moduleKey", m.title AS "moduleTitle",
             p."displayName" AS person, r."reviewedAt" AS at, r."reviewNote" AS note
        FROM "Revision" r
        JOIN "ContentItem" i ON i.id = r."itemId" AND i."deletedAt" IS NULL
        JOIN "Unit" u ON u.id = i."unitId" AND u."archivedAt" IS NULL
        JOIN "ModuleDef" m ON m.id = i."moduleId"
        LEFT JOIN "Person" p ON p.id = r."reviewedById"
       WHERE r.status = 'REJECTED' AND r."authorId" = ${user.id}
         AND NOT EXISTS (SELECT 1 FROM "Revision" n WHERE n."itemId" = r."itemId" AND n.number > r.number)
       ORDER BY r."reviewedAt" DESC NULLS LAST, r.id DESC
       LIMIT ${TODO_LIMIT}`,
    !edits
      ? none
      : db.$queryRaw<TodoEntry[]>`
      SELECT r.id AS "revisionId", r.number, r.title, i.id AS "itemId", i.kind::text AS "itemKind",
             u.code AS "unitCode", u.name AS "unitName", m.key AS "moduleKey", m.title AS "moduleTitle",
             p."displayName" AS person, r."reviewedAt" AS at, r."reviewNote" AS note
        FROM "Revision" r
        JOIN "ContentItem" i ON i.id = r."itemId" AND i."deletedAt" IS NULL
        JOIN "Unit" u ON u.id = i."unitId" AND u."archivedAt" IS NULL
        JOIN "ModuleDef" m ON m.id = i."moduleId"
        LEFT JOIN "Person" p ON p.id = r."reviewedById"
       WHERE r.status = 'TAKEN_DOWN'
         AND (u.id = ANY(${editorOf}::int[]) OR (${office}::boolean AND u.kind = 'COMMITTEE'))
         AND NOT EXISTS (
           SELECT 1 FROM "Revision" n
            WHERE n."itemId" = r."itemId" AND n.id <> r.id
              AND (n.status = 'PUBLISHED' OR n."createdAt" > COALESCE(r."reviewedAt", r."createdAt")))
       ORDER BY r."reviewedAt" DESC NULLS LAST, r.id DESC
       LIMIT ${TODO_LIMIT}`,
  ]);
  return { toReview, sentBack, takenDown };
}

/** The content review's three lists as /me/todo shows them (the home page heads them with the same titles). */
export const TODO_LISTS = [
  {
    id: 'review',
    key: 'toReview',
    title: '待我审核',
    who: '提交人',
    when: '提交时间',
    note: '',
    hint: '提交审核的草稿：审核后发布，或写明原因退回。',
  },
  {
    id: 'sent-back',
    key: 'sentBack',
    title: '被退回的草稿',
    who: '退回人',
    when: '退回时间',
    note: '退回原因',
    hint: '按退回原因修改后重新提交。',
  },
  {
    id: 'taken-down',
    key: 'takenDown',
    title: '被撤下的内容',
    who: '撤下人',
    when: '撤下时间',
    note: '撤下原因',
    hint: '党务室撤下的已发布内容：按原因修改后重新提交审核。',
  },
] as const;

/** The to-do's lists that have something in them, as /me/todo and the home page head them (id, title, count). */
export function todoSummary(todo: Todo, parts: { id: string; title: string; lines: { overdue?: boolean }[] }[]) {
  const lists = TODO_LISTS.map((l) => ({ id: l.id, title: l.title, n: todo[l.key].length, overdue: 0 }));
  const others = parts.map((p) => ({ id: p.id, title: p.title, n: p.lines.length, overdue: p.lines.filter((l) => l.overdue).length }));
  return [...lists.filter((l) => l.n > 0), ...others];
}

/** Where a to-do entry's item is read and edited. */
export function todoHref(e: Pick<TodoEntry, 'unitCode' | 'moduleKey' | 'itemKind' | 'itemId'>): string {
  const base = `/units/${encodeURIComponent(e.unitCode)}/modules/${encodeURIComponent(e.moduleKey)}`;
  return e.itemKind === 'RECORD' ? `${base}/records/${e.itemId}` : base;
}
