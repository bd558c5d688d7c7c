import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { UnitKind } from '../../generated/prisma/enums.js';
import { freshness, hasFreshness } from '../sites/freshness.js';
import { templateKeyFor } from '../sites/catalogue.queries.js';
import { averageHours, qualityScore } from './quality.js';
import { quarterRange, type QuarterRef } from './quarters.js';

type Reader = Db | Prisma.TransactionClient;

/** The units the statistics cover: the committee and every (general) branch, party groups not. */
export const STATS_UNIT_KINDS: UnitKind[] = ['COMMITTEE', 'GENERAL_BRANCH', 'BRANCH'];

/** The audit action of a secretary sending a draft back (src/domain/content/review.service.ts). */
const SENT_BACK_ACTION = 'content.sent_back';

export interface UnitFigures {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitKind: UnitKind;
  sortOrder: number;
  updates: number;
  modulesCurrent: number;
  modulesTracked: number;
  featured: number;
  sentBack: number;
  takenDown: number;
  reviewCount: number;
  reviewHours: number;
  qualityScore: number;
}

interface RevisionAgg {
  unitId: number;
  updates: number;
  takenDown: number;
  reviewCount: number;
  reviewHours: number;
}

/**
 * Every covered unit's figures for a quarter, in six queries whatever the number of units (each aggregates
 * with GROUP BY):
 *
 * - updates: revisions published in the quarter (status PUBLISHED or SUPERSEDED, decided — `reviewedAt`, or
 *   created for old rows without one — in [start, end)), as the changes feed counts them. A revision later taken
 *   down is not counted: its `reviewedAt` is then the take-down, not the publication, and the office removed it;
 * - taken down: publications the office took down in the quarter;
 * - review time: submitted drafts decided in the quarter (published or sent back), submitted → decided;
 * - sent back: the secretaries' send-back decisions in the quarter, from the audit log (a revision sent back and
 *   then resubmitted no longer has the REJECTED status, the log keeps every decision);
 * - featured: records of a `featured` record-type module first published in the quarter;
 * - modules current: each page and records module of the unit's template that was live at the quarter's end,
 *   judged by src/domain/sites/freshness.ts at that instant from its latest publication before it (current or
 *   due soon count as kept current, as on the unit's site).
 *
 * Units archived when the quarter is computed are left out (their site is read-only history); deleted items never
 * count.
 */
export async function computeFigures(db: Reader, q: QuarterRef): Promise<UnitFigures[]> {
  const { start, end } = quarterRange(q.year, q.quarter);
  const units = await db.unit.findMany({
    where: { kind: { in: STATS_UNIT_KINDS }, archivedAt: null },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    select: { id: true, code: true, name: true, kind: true, sortOrder: true },
  });
  const ids = units.map((u) => u.id);
  const [modules, revisions, sentBack, featured, latest] = await Promise.all([
    db.moduleDef.findMany({
      where: {
        kind: { in: ['PAGE', 'RECORDS'] },
        template: { key: { in: ['committee', 'branch'] } },
        OR: [{ retiredAt: null }, { retiredAt: { gte: end } }],
      },
      select: { id: true, kind: true, cadence: true, template: { select: { key: true } } },
    }),
    db.$queryRaw<RevisionAgg[]>`
      SELECT i."unitId",
             count(*) FILTER (WHERE r.status IN ('PUBLISHED', 'SUPERSEDED'))::int AS updates,
             count(*) FILTER (WHERE r.status = 'TAKEN_DOWN')::int AS "takenDown",
             count(*) FILTER (WHERE r."submittedAt" IS NOT NULL AND r."reviewedAt" IS NOT NULL AND r.status <> 'TAKEN_DOWN')::int AS "reviewCount",
             COALESCE(sum(GREATEST(0, EXTRACT(EPOCH FROM r."reviewedAt" - r."submittedAt")))
               FILTER (WHERE r."submittedAt" IS NOT NULL AND r."reviewedAt" IS NOT NULL AND r.status <> 'TAKEN_DOWN'), 0)::float8 / 3600 AS "reviewHours"
        FROM "Revision" r JOIN "ContentItem" i ON i.id = r."itemId"
       WHERE i."unitId" = ANY(${ids}::int[]) AND i."deletedAt" IS NULL
         AND r.status IN ('PUBLISHED', 'SUPERSEDED', 'TAKEN_DOWN', 'REJECTED')
         AND COALESCE(r."reviewedAt", r."createdAt") >= ${start}::timestamp AND COALESCE(r."reviewedAt", r."createdAt") < ${end}::timestamp
       GROUP BY i."unitId"`,
    db.$queryRaw<{ unitId: number; n: number }[]>`
      SELECT "unitId", count(*)::int AS n FROM "AuditLog"
       WHERE action = ${SENT_BACK_ACTION} AND "unitId" = ANY(${ids}::int[]) AND at >= ${start}::timestamp AND at < ${end}::timestamp
       GROUP BY "unitId"`,
    db.$queryRaw<{ unitId: number; n: number }[]>`
      SELECT f."unitId", count(*)::int AS n FROM (
        SELECT i."unitId", min(COALESCE(r."reviewedAt", r."createdAt")) AS first
          FROM "ContentItem" i JOIN "ModuleDef" m ON m.id = i."moduleId" JOIN "Revision" r ON r."itemId" = i.id
         WHERE m."recordType" = 'featured' AND i.kind = 'RECORD' AND i."deletedAt" IS NULL AND i."unitId" = ANY(${ids}::int[])
           AND r.status IN ('PUBLISHED', 'SUPERSEDED')
         GROUP BY i.id, i."unitId") f
       WHERE f.first >= ${start}::timestamp AND f.first < ${end}::timestamp
       GROUP BY f."unitId"`,
    db.$queryRaw<{ unitId: number; moduleId: number; last: Date }[]>`
      SELECT i."unitId", i."moduleId", max(COALESCE(r."reviewedAt", r."createdAt")) AS last
        FROM "Revision" r JOIN "ContentItem" i ON i.id = r."itemId"
       WHERE i."unitId" = ANY(${ids}::int[]) AND i."deletedAt" IS NULL AND r.status IN ('PUBLISHED', 'SUPERSEDED')
         AND COALESCE(r."reviewedAt", r."createdAt") < ${end}::timestamp
       GROUP BY i."unitId", i."moduleId"`,
  ]);
  const revOf = new Map(revisions.map((r) => [r.unitId, r]));
  const sentOf = new Map(sentBack.map((r) => [r.unitId, r.n]));
  const featuredOf = new Map(featured.map((r) => [r.unitId, r.n]));
  const lastOf = new Map(latest.map((r) => [`${r.unitId}:${r.moduleId}`, new Date(r.last)]));

  return units.map((u) => {
    const template = templateKeyFor(u.kind);
    const tracked = modules.filter((m) => m.template.key === template && hasFreshness(m.kind));
    const modulesCurrent = tracked.filter((m) => {
      const f = freshness(m.cadence, lastOf.get(`${u.id}:${m.id}`), end);
      return f === 'current' || f === 'due';
    }).length;
    const rev = revOf.get(u.id);
    const figures = {
      updates: rev?.updates ?? 0,
      takenDown: rev?.takenDown ?? 0,
      reviewCount: rev?.reviewCount ?? 0,
      reviewHours: rev?.reviewHours ?? 0,
      sentBack: sentOf.get(u.id) ?? 0,
      featured: featuredOf.get(u.id) ?? 0,
      modulesCurrent,
      modulesTracked: tracked.length,
    };
    return {
      unitId: u.id,
      unitCode: u.code,
      unitName: u.name,
      unitKind: u.kind,
      sortOrder: u.sortOrder,
      ...figures,
      qualityScore: qualityScore({ ...figures, avgReviewHours: averageHours(figures.reviewHours, figures.reviewCount) }),
    };
  });
}
