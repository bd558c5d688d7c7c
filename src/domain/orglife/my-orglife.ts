import type { Db } from '../../db/client.js';
import type { Mark } from './attendance.js';
import { kindOfRecord } from './kinds.js';

/**
 * The published records of `year` whose attendance names the person: the meetings they were due at, attended or
 * missed (with the reason). One statement whatever the number of branches and records.
 */
export async function myOrgLife(db: Db, personId: number, year: number) {
  const start = new Date(Date.UTC(year, 0, 1));
  const end = new Date(Date.UTC(year + 1, 0, 1));
  const rows = await db.$queryRaw<
    {
      id: number;
      title: string;
      eventDate: Date;
      moduleKey: string;
      recordType: string;
      fields: Record<string, unknown>;
      code: string;
      unitName: string;
      mark: Mark;
    }[]
  >`
    SELECT i.id, i.title, i."eventDate", m.key AS "moduleKey", m."recordType", r.fields, u.code, u.name AS "unitName", a->>'s' AS mark
      FROM "ContentItem" i JOIN "ModuleDef" m ON m.id = i."moduleId" JOIN "Revision" r ON r.id = i."publishedRevisionId"
      JOIN "Unit" u ON u.id = i."unitId"
      CROSS JOIN LATERAL jsonb_array_elements(r.fields->'attendance') a
     WHERE r.fields->'attendance' @> ${JSON.stringify([{ id: personId }])}::jsonb AND (a->>'id')::int = ${personId}
       AND i.kind = 'RECORD' AND i."deletedAt" IS NULL
       AND i."eventDate" >= ${start}::timestamp AND i."eventDate" < ${end}::timestamp
     ORDER BY i."eventDate", i.id`;
  const meetings = rows.map((r) => ({
    title: r.title,
    date: r.eventDate,
    kind: kindOfRecord(r.recordType, r.fields)?.label ?? '',
    unitName: r.unitName,
    href: `/units/${r.code}/modules/${r.moduleKey}/records/${r.id}`,
    attended: r.mark === 'present',
    reason: r.mark === 'present' ? null : r.mark,
  }));
  const attended = meetings.filter((m) => m.attended).length;
  return {
    meetings,
    due: meetings.length,
    attended,
    missed: meetings.length - attended,
    rate: meetings.length ? attended / meetings.length : null,
  };
}
