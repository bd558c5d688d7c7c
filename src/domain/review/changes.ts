import type { Db } from '../../db/client.js';
import type { Action } from '../authz/permissions.js';
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
  /** The link is followed only by readers who hold this permission on the unit (an answer to a voice not made public). */
  openTo?: Action;
  /** A routine change (a reading that meets its target): "since you last looked" groups these as one line there. */
  routine?: { groupHref: string };
  /** A group line: how many routine changes it stands for. */
  count?: number;
  /** With `perUnit`: how many changes of this kind the unit has in all (only the newest few are returned). */
  unitTotal?: number;
}

/**
 * Where each kind of change comes from. Each source answers for many units at once in one query, so the
 * morning review costs the same for 12 branches or 200; areas add their source here (content, measurements,
 * answers to findings and voices).
 */
export type ChangeSource = (db: Db, q: { unitIds?: number[]; since?: Date; limit: number; perUnit?: number }) => Promise<Change[]>;

interface RevisionRow {
  unitId: number;
  unitTotal: number;
  at: Date;
  /** Null for a version taken down since: the feed is read by everyone, so it never names what was taken down. */
  title: string | null;
  author: string | null;
  code: string;
  moduleKey: string;
  kind: 'PAGE' | 'RECORD';
  itemId: number;
  number: number;
  prev: number | null;
}

/**
 * Published revisions (a page or record that went public), linking to the comparison with the one before. A
 * revision goes public when it is reviewed (a secretary's own save is reviewed at once), so `reviewedAt` orders them.
 */
export const contentChanges: ChangeSource = async (db, q) => {
  const rows = await db.$queryRawUnsafe<RevisionRow[]>(
    `WITH recent AS (
       SELECT r.id, i."unitId", r."reviewedAt", CASE WHEN r.status = 'TAKEN_DOWN' THEN NULL ELSE r.title END AS title, r.number, r."itemId", r."authorId",
              row_number() OVER (PARTITION BY i."unitId" ORDER BY r."reviewedAt" DESC) AS nth,
              count(*) OVER (PARTITION BY i."unitId")::int AS "unitTotal"
         -- LATERAL … OFFSET 0 keeps the look-up of each recent revision's item an index probe: left to itself the
         -- planner hashes the whole ContentItem table to join a few hundred rows.
         FROM "Revision" r CROSS JOIN LATERAL (SELECT ci."unitId" FROM "ContentItem" ci WHERE ci.id = r."itemId" OFFSET 0) i
        WHERE r.status IN ('PUBLISHED', 'SUPERSEDED', 'TAKEN_DOWN') AND r."reviewedAt" IS NOT NULL
          AND ($1::int[] IS NULL OR i."unitId" = ANY($1::int[]))
          AND ($2::timestamp IS NULL OR r."reviewedAt" >= $2::timestamp)
     )
     -- The revision's own columns come from the CTE: joining "Revision" again made the planner scan all of it.
     SELECT c."unitId", c."unitTotal", c."reviewedAt" AS at, c.title, p."displayName" AS author, u.code, m.key AS "moduleKey",
            i.kind, i.id AS "itemId", c.number,
            (SELECT max(r2.number) FROM "Revision" r2 WHERE r2."itemId" = c."itemId" AND r2.number < c.number
               AND r2.status IN ('PUBLISHED', 'SUPERSEDED')) AS prev
       FROM recent c
       JOIN "ContentItem" i ON i.id = c."itemId"
       JOIN "ModuleDef" m ON m.id = i."moduleId"
       JOIN "Unit" u ON u.id = i."unitId"
       LEFT JOIN "Person" p ON p.id = c."authorId"
      WHERE c.nth <= $4
      ORDER BY c."reviewedAt" DESC
      LIMIT $3`,
    q.unitIds ?? null,
    q.since ?? null,
    q.limit,
    q.perUnit ?? q.limit,
  );
  return rows.map((r) => {
    const base = `/units/${r.code}/modules/${r.moduleKey}${r.kind === 'RECORD' ? `/records/${r.itemId}` : ''}`;
    if (r.title === null)
      return {
        unitId: r.unitId,
        at: new Date(r.at),
        kind: 'content' as const,
        title: '已撤下的版本',
        by: r.author,
        href: `${base}/revisions`,
        unitTotal: r.unitTotal,
      };
    return {
      unitId: r.unitId,
      at: new Date(r.at),
      kind: 'content' as const,
      title: r.prev ? `更新：${r.title}` : `发布：${r.title}`,
      by: r.author,
      href: r.prev ? `${base}/revisions?a=${r.prev}&b=${r.number}` : base,
      unitTotal: r.unitTotal,
    };
  });
};

export const CHANGE_SOURCES: ChangeSource[] = [contentChanges, measurementChanges, voiceAnswerChanges];

/** The newest changes of one unit (the unit's changes feed), newest first. */
export async function unitChanges(db: Db, unitId: number, limit = 100): Promise<Change[]> {
  const all = await Promise.all(CHANGE_SOURCES.map((s) => s(db, { unitIds: [unitId], limit })));
  return all
    .flat()
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, limit);
}

/**
 * Everything that changed since `since`, per unit: the newest `perUnit` (newest first) and how many there are in
 * all. Sources return only a unit's newest few, so the review stays one query per source at any size.
 */
export async function changesSince(db: Db, since: Date, perUnit = 3): Promise<Map<number, { items: Change[]; total: number }>> {
  const all = await Promise.all(CHANGE_SOURCES.map((s) => s(db, { since, limit: 5000, perUnit })));
  const byUnit = new Map<number, { items: Change[]; total: number }>();
  for (const list of all) {
    const counted = new Set<number>();
    for (const c of list) {
      if (!byUnit.has(c.unitId)) byUnit.set(c.unitId, { items: [], total: 0 });
      const u = byUnit.get(c.unitId)!;
      u.items.push(c);
      if (c.unitTotal === undefined) u.total++;
      else if (!counted.has(c.unitId)) {
        counted.add(c.unitId);
        u.total += c.unitTotal;
      }
    }
  }
  for (const u of byUnit.values()) u.items = whatMattersFirst(u.items, perUnit);
  return byUnit;
}

/**
 * A unit's newest changes as the review shows them: publications, answers and missed targets first (newest first),
 * then the routine readings as one line ("数据 ×12").
 */
export function whatMattersFirst(items: Change[], perUnit: number): Change[] {
  const newestFirst = (a: Change, b: Change) => b.at.getTime() - a.at.getTime();
  const routine = items.filter((c) => c.routine).sort(newestFirst);
  const rest = items.filter((c) => !c.routine).sort(newestFirst);
  if (routine.length < 2) return [...rest, ...routine].slice(0, perUnit);
  const group: Change = {
    unitId: routine[0].unitId,
    at: routine[0].at,
    kind: 'measurement',
    title: `数据 ×${routine.length}`,
    by: null,
    href: routine[0].routine!.groupHref,
    count: routine.length,
  };
  return [...rest.slice(0, perUnit - 1), group];
}
