import type { Db } from '../../db/client.js';
import type { ObligationFrequency } from '../../generated/prisma/enums.js';
import { obligationKind, RECORD_TYPES_OF_ORG_LIFE } from './kinds.js';

export interface OrgRecordRow {
  id: number;
  unitId: number;
  title: string;
  eventDate: Date;
  moduleKey: string | null;
  recordType: string;
  meetingType: string | null;
  kind: string | null;
  groupId: string | null;
  /** Set on a 民主评议党员 round held online (no module: the row links to the round's page). */
  appraisalYear: number | null;
}

const APPRAISAL = obligationKind('appraisal')!;

export interface OrgLifeData {
  units: { id: number; code: string; name: string; groups: { id: number; name: string }[] }[];
  settings: { unitId: number; kind: string; frequency: ObligationFrequency; active: boolean }[];
  records: OrgRecordRow[];
  excuses: { unitId: number; kind: string; groupId: number; period: string; reason: string }[];
}

/**
 * Everything the obligations of `year` are judged on, for the given branches (or every branch that is not archived):
 * the branches and their party groups, the office's settings, the published records of organisational life dated in
 * the year, and the excused periods. The year's 民主评议党员 round held online counts as its record once its window
 * has ended by `now` and everyone appraised has a final grade (read in the records' statement, as a row of kind
 * 民主评议党员). Four statements whatever the number of branches, groups, records and rounds.
 */
export async function loadOrgLife(db: Db, p: { unitIds?: number[]; year: number; now: Date }): Promise<OrgLifeData> {
  const units = await db.unit.findMany({
    where: { kind: 'BRANCH', ...(p.unitIds ? { id: { in: p.unitIds } } : { archivedAt: null }) },
    select: {
      id: true,
      code: true,
      name: true,
      children: {
        where: { kind: 'PARTY_GROUP', archivedAt: null },
        select: { id: true, name: true },
        orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      },
    },
    orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
  });
  const ids = units.map((u) => u.id);
  const start = new Date(Date.UTC(p.year, 0, 1));
  const end = new Date(Date.UTC(p.year + 1, 0, 1));
  const [settings, records, excuses] = await Promise.all([
    db.orgObligation.findMany({ where: { unitId: { in: ids } }, select: { unitId: true, kind: true, frequency: true, active: true } }),
    db.$queryRaw<OrgRecordRow[]>`
      SELECT i.id, i."unitId", i.title, i."eventDate", m.key AS "moduleKey", m."recordType",
             r.fields->>'meetingType' AS "meetingType", r.fields->>'kind' AS kind, r.fields->>'groupId' AS "groupId",
             NULL::int AS "appraisalYear"
        FROM "ContentItem" i JOIN "ModuleDef" m ON m.id = i."moduleId" JOIN "Revision" r ON r.id = i."publishedRevisionId"
       WHERE i."unitId" = ANY(${ids}::int[]) AND i.kind = 'RECORD' AND i."deletedAt" IS NULL
         AND m."recordType" = ANY(${[...RECORD_TYPES_OF_ORG_LIFE]}::text[])
         AND i."eventDate" >= ${start}::timestamp AND i."eventDate" < ${end}::timestamp
      UNION ALL
      SELECT a.id, a."unitId", a.year || '年度' || ${APPRAISAL.label}::text, a."closesAt", NULL, ${APPRAISAL.recordType}::text,
             NULL, ${APPRAISAL.match!.value}::text, NULL, a.year
        FROM "AppraisalRound" a
       WHERE a."unitId" = ANY(${ids}::int[]) AND a.year = ${p.year}::int AND a."closesAt" <= ${p.now}::timestamp
         AND EXISTS (SELECT 1 FROM "AppraisalSubject" s WHERE s."roundId" = a.id)
         AND NOT EXISTS (SELECT 1 FROM "AppraisalSubject" s WHERE s."roundId" = a.id AND s."finalGrade" IS NULL)
       ORDER BY "eventDate", id`,
    db.orgExcuse.findMany({
      where: { unitId: { in: ids }, period: { startsWith: String(p.year) } },
      select: { unitId: true, kind: true, groupId: true, period: true, reason: true },
    }),
  ]);
  return { units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, groups: u.children })), settings, records, excuses };
}
