import type { Db } from '../../db/client.js';
import { measurementChanges } from '../boards/board.signals.js';
import { voiceAnswerChanges } from '../voices/voices.signals.js';

/** One thing that changed in a unit, as the changes feed and the morning review list it. */
export interface Change {
  unitId: number;
  at: Date;
  kind: 'content' | 'measurement' | 'answer';
  title: string;
  by: string | null;
  href: string;
}

/**
 * Where each kind of change comes from. Each source answers for many units at once in one query, so the
 * morning review costs the same for 12 branches or 200; areas add their source here (content, measurements,
 * answers to findings and voices).
 */
export type ChangeSource = (db: Db, q: { unitIds?: number[]; since?: Date; limit: number }) => Promise<Change[]>;

interface RevisionRow {
  unitId: number;
  at: Date;
  title: string;
  author: string | null;
  code: string;
  moduleKey: string;
  kind: 'PAGE' | 'RECORD';
  itemId: number;
  number: number;
  prev: number | null;
}

/** Published revisions (a page or record that went public), linking to the comparison with the one before. */
export const contentChanges: ChangeSource = async (db, q) => {
  const rows = await db.$queryRawUnsafe<RevisionRow[]>(
    `SELECT i."unitId", COALESCE(r."reviewedAt", r."createdAt") AS at, r.title, p."displayName" AS author, u.code,
            m.key AS "moduleKey", i.kind, i.id AS "itemId", r.number,
            (SELECT max(r2.number) FROM "Revision" r2 WHERE r2."itemId" = r."itemId" AND r2.number < r.number
               AND r2.status IN ('PUBLISHED', 'SUPERSEDED', 'TAKEN_DOWN')) AS prev
       FROM "Revision" r
       JOIN "ContentItem" i ON i.id = r."itemId"
       JOIN "ModuleDef" m ON m.id = i."moduleId"
       JOIN "Unit" u ON u.id = i."unitId"
       LEFT JOIN "Person" p ON p.id = r."authorId"
      WHERE r.status IN ('PUBLISHED', 'SUPERSEDED', 'TAKEN_DOWN')
        AND ($1::int[] IS NULL OR i."unitId" = ANY($1::int[]))
        AND ($2::timestamp IS NULL OR COALESCE(r."reviewedAt", r."createdAt") >= $2::timestamp)
      ORDER BY at DESC
      LIMIT $3`,
    q.unitIds ?? null,
    q.since ?? null,
    q.limit,
  );
  return rows.map((r) => {
    const base = `/units/${r.code}/modules/${r.moduleKey}${r.kind === 'RECORD' ? `/records/${r.itemId}` : ''}`;
    return {
      unitId: r.unitId,
      at: new Date(r.at),
      kind: 'content' as const,
      title: r.prev ? `更新：${r.title}` : `发布：${r.title}`,
      by: r.author,
      href: r.prev ? `${base}/revisions?a=${r.prev}&b=${r.number}` : base,
    };
  });
};

export const CHANGE_SOURCES: ChangeSource[] = [contentChanges, measurementChanges, voiceAnswerChanges];

/** The newest changes of one unit (the unit's changes feed), newest first. */
export async function unitChanges(db: Db, unitId: number, limit = 100): Promise<Change[]> {
  const all = await Promise.all(CHANGE_SOURCES.map((s) => s(db, { unitIds: [unitId], limit })));
  return all.flat().sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}

/** Everything that changed since `since`, grouped by unit, newest first within each. */
export async function changesSince(db: Db, since: Date, limit = 2000): Promise<Map<number, Change[]>> {
  const all = await Promise.all(CHANGE_SOURCES.map((s) => s(db, { since, limit })));
  const byUnit = new Map<number, Change[]>();
  for (const c of all.flat().sort((a, b) => b.at.getTime() - a.at.getTime())) {
    if (!byUnit.has(c.unitId)) byUnit.set(c.unitId, []);
    byUnit.get(c.unitId)!.push(c);
  }
  return byUnit;
}
