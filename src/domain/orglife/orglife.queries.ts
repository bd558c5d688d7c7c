import type { Db } from '../../db/client.js';
import type { ObligationFrequency } from '../../generated/prisma/enums.js';
import { RECORD_TYPES_OF_ORG_LIFE } from './kinds.js';

export interface OrgRecordRow {
  id: number;
  unitId: number;
  title: string;
  eventDate: Date;
  moduleKey: string;
  recordType: string;
  meetingType: string | null;
  kind: string | null;
  groupId: string | null;
}

export interface OrgLifeData {
  units: { id: number; code: string; name: string; groups: { id: number; name: string }[] }[];
  settings: { unitId: number; kind: string; frequency: ObligationFrequency; active: boolean }[];
  records: OrgRecordRow[];
  excuses: { unitId: number; kind: string; groupId: number; period: string; reason: string }[];
}

/**
 * Everything the obligations of `year` are judged on, for the given branches (or every branch that is not archived):
 * the branches and their party groups, the office's settings, the published records of organisational life dated in
 * the year, and the excused periods. Four statements whatever the number of branches, groups and records.
 */
export async function loadOrgLife(db: Db, p: { unitIds?: number[]; year: number }): Promise<OrgLifeData> {
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
             r.fields->>'meetingType' AS "meetingType", r.fields->>'kind' AS kind, r.fields->>'groupId' AS "groupId"
        FROM "ContentItem" i JOIN "ModuleDef" m ON m.id = i."moduleId" JOIN "Revision" r ON r.id = i."publishedRevisionId"
       WHERE i."unitId" = ANY(${ids}::int[]) AND i.kind = 'RECORD' AND i."deletedAt" IS NULL
         AND m."recordType" = ANY(${[...RECORD_TYPES_OF_ORG_LIFE]}::text[])
         AND i."eventDate" >= ${start}::timestamp AND i."eventDate" < ${end}::timestamp
       ORDER BY i."eventDate", i.id`,
    db.orgExcuse.findMany({
      where: { unitId: { in: ids }, period: { startsWith: String(p.year) } },
      select: { unitId: true, kind: true, groupId: true, period: true, reason: true },
    }),
  ]);
  return { units: units.map((u) => ({ id: u.id, code: u.code, name: u.name, groups: u.children })), settings, records, excuses };
}
