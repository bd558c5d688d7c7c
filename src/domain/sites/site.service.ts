import type { Db } from '../../db/client.js';
import type { Section } from '../../generated/prisma/enums.js';
import { templateKeyFor } from './catalogue.queries.js';
import { SECTION_LABELS } from './catalogue.data.js';
import { freshness, hasFreshness, type Freshness } from './freshness.js';
import { byline } from '../../lib/format.js';

export interface Tile {
  key: string;
  title: string;
  kind: string;
  cadence: string;
  description: string;
  lastPublishedAt: Date | null;
  /** Who wrote and who approved the newest published page or record (`byline`). */
  lastPublishedBy: string | null;
  freshness: Freshness | null;
}

const SECTIONS: Section[] = ['FOUNDATION', 'PRIORITIES', 'REVIEW'];

/**
 * A unit's site: its template's live modules in three sections, each tile with when and by whom it was last
 * published and its freshness as of `now`. Two queries whatever the history.
 */
export async function unitSite(db: Db, unit: { id: number; kind: string }, now = new Date()) {
  const templateKey = templateKeyFor(unit.kind);
  if (!templateKey) return null;
  const [modules, statuses] = await Promise.all([
    db.moduleDef.findMany({
      where: { template: { key: templateKey }, retiredAt: null },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select: { id: true, key: true, title: true, section: true, kind: true, cadence: true, description: true },
    }),
    // the newest published item's writer and approver, as its page names them
    db.$queryRaw<{ moduleId: number; lastPublishedAt: Date | null; author: string | null; approver: string | null }[]>`
      SELECT s."moduleId", s."lastPublishedAt", a."displayName" AS author,
             CASE WHEN w."reviewedById" = w."authorId" THEN NULL ELSE p."displayName" END AS approver
        FROM "ModuleStatus" s
        LEFT JOIN LATERAL (
          SELECT r."authorId", r."reviewedById" FROM "ContentItem" i JOIN "Revision" r ON r.id = i."publishedRevisionId"
           WHERE i."unitId" = s."unitId" AND i."moduleId" = s."moduleId" AND i."deletedAt" IS NULL
           ORDER BY i."publishedAt" DESC NULLS LAST, i.id DESC LIMIT 1) w ON true
        LEFT JOIN "Person" a ON a.id = w."authorId"
        LEFT JOIN "Person" p ON p.id = w."reviewedById"
       WHERE s."unitId" = ${unit.id}`,
  ]);
  const statusOf = new Map(statuses.map((s) => [s.moduleId, s]));
  const tiles = modules.map((m) => {
    const s = statusOf.get(m.id);
    const last = s?.lastPublishedAt ? new Date(s.lastPublishedAt) : null;
    return {
      ...m,
      lastPublishedAt: last,
      lastPublishedBy: s ? byline(s.author, s.approver) || null : null,
      freshness: hasFreshness(m.kind) ? freshness(m.cadence, last, now) : null,
    };
  });
  const tracked = tiles.filter((t) => t.freshness);
  return {
    sections: SECTIONS.map((section) => ({ section, label: SECTION_LABELS[section], tiles: tiles.filter((t) => t.section === section) })),
    current: tracked.filter((t) => t.freshness === 'current' || t.freshness === 'due').length,
    tracked: tracked.length,
  };
}
