import type { Db } from '../db/client.js';

/**
 * A large organisation for the benchmark and the query-count proofs: `branches` more branches under the demo
 * committee, each with `people` people, `years` years of page revisions and records in every content module,
 * board targets with monthly figures, inspections with findings and their countermeasures. Written with
 * set-based SQL (generate_series), so 200 branches × 5 years load in well under a minute.
 */
export async function seedLargeOrganisation(db: Db, opts: { branches?: number; years?: number; people?: number } = {}): Promise<void> {
  const branches = opts.branches ?? 200;
  const years = opts.years ?? 5;
  const people = opts.people ?? 20;
  const thisYear = new Date().getUTCFullYear();
  const first = thisYear - years + 1;
  const committee = await db.unit.findFirstOrThrow({ where: { kind: 'COMMITTEE' }, select: { id: true } });
  const office = await db.person.findFirstOrThrow({
    where: { grants: { some: { role: 'OFFICE' } } },
    select: { id: true, passwordHash: true },
  });
  const sql = async (q: string, ...params: unknown[]) => {
    try {
      return await db.$executeRawUnsafe(q, ...params);
    } catch (e) {
      throw new Error(`large organisation: ${q.trim().slice(0, 40)}… failed: ${(e as Error).message.split('\n').pop()}`, { cause: e });
    }
  };

  await sql(
    `INSERT INTO "Unit" (code, name, kind, "parentId", location, factory, "sortOrder", "createdAt", "updatedAt")
     SELECT 'L' || lpad(g::text, 3, '0'), '大型测试第' || g || '党支部', 'BRANCH', $1,
            (ARRAY['十堰','襄阳'])[1 + g % 2], (ARRAY['部件一厂','部件二厂','总装厂'])[1 + g % 3], 100 + g, now(), now()
       FROM generate_series(1, $2) g`,
    committee.id,
    branches,
  );
  const units = await db.unit.findMany({ where: { code: { startsWith: 'L' }, kind: 'BRANCH' }, select: { id: true } });
  const ids = units.map((u) => u.id);

  await sql(
    `INSERT INTO "Person" (username, "displayName", "passwordHash", "partyStatus", "homeUnitId", "createdAt", "updatedAt")
     SELECT 'L' || u.id || '-' || n, '测试员' || u.id || '-' || n, $2, CASE WHEN n % 5 = 0 THEN 'MASSES' ELSE 'FULL' END::"PartyStatus", u.id, now(), now()
       FROM unnest($1::int[]) u(id), generate_series(1, $3) n`,
    ids,
    office.passwordHash,
    people,
  );
  await sql(
    `INSERT INTO "RoleGrant" ("personId", role, "unitId", "createdAt")
     SELECT p.id, CASE WHEN p.username LIKE '%-1' THEN 'SECRETARY' ELSE 'MEMBER' END::"Role", p."homeUnitId", now()
       FROM "Person" p WHERE p."homeUnitId" = ANY($1::int[]) AND p."partyStatus" = 'FULL'`,
    ids,
  );

  // content: every PAGE module gets one page revised each quarter; every RECORDS module a record a month
  await sql(
    `INSERT INTO "ContentItem" ("unitId", "moduleId", kind, "eventDate", title, "publishedAt", "headNumber", "createdAt", "updatedAt")
     SELECT u.id, m.id, 'PAGE', NULL, m.title, make_date($3, 1, 1) + (($2::int - $3::int + 1) * 365 - 30), ($2::int - $3::int + 1) * 4, now(), now()
       FROM unnest($1::int[]) u(id) JOIN "ModuleDef" m ON m."templateId" = (SELECT id FROM "SiteTemplate" WHERE key = 'branch') AND m.kind = 'PAGE'`,
    ids,
    thisYear,
    first,
  );
  await sql(
    `INSERT INTO "ContentItem" ("unitId", "moduleId", kind, "eventDate", title, "publishedAt", "headNumber", "createdAt", "updatedAt")
     SELECT u.id, m.id, 'RECORD', d, m.title || to_char(d, ' YYYY年MM月'), d + interval '2 days', 1, d, d
       FROM unnest($1::int[]) u(id)
       JOIN "ModuleDef" m ON m."templateId" = (SELECT id FROM "SiteTemplate" WHERE key = 'branch') AND m.kind = 'RECORDS'
       CROSS JOIN generate_series(make_date($2, 1, 10), now()::date - 20, interval '1 month') d`,
    ids,
    first,
  );
  await sql(
    `INSERT INTO "ViewCount" ("itemId", "views")
     SELECT i.id, (i."unitId" * i."moduleId") % 97 FROM "ContentItem" i
      WHERE i."unitId" = ANY($1::int[]) AND i.kind = 'PAGE' AND (i."unitId" * i."moduleId") % 97 > 0`,
    ids,
  );
  await sql(
    `INSERT INTO "Revision" ("itemId", number, status, title, body, fields, "eventDate", "authorId", "createdAt", "submittedAt", "reviewedById", "reviewedAt")
     SELECT i.id, n, CASE WHEN n = i."headNumber" THEN 'PUBLISHED' ELSE 'SUPERSEDED' END::"RevisionStatus", i.title,
            '<p>' || i.title || '：第' || n || '次修订。支部按计划开展工作，党员积极参与，形成了良好氛围。</p>',
            CASE WHEN i.kind = 'RECORD' THEN '{}'::jsonb END, i."eventDate", $2,
            COALESCE(i."eventDate", now()::date - (i."headNumber" - n) * 91 - 30), COALESCE(i."eventDate", now()::date - (i."headNumber" - n) * 91 - 30), $2,
            COALESCE(i."eventDate" + interval '2 days', now()::date - (i."headNumber" - n) * 91 - 29)
       FROM "ContentItem" i CROSS JOIN LATERAL generate_series(1, i."headNumber") n
      WHERE i."unitId" = ANY($1::int[])`,
    ids,
    office.id,
  );
  await sql(
    `UPDATE "ContentItem" i SET "publishedRevisionId" = r.id, "publishedAt" = r."reviewedAt"
       FROM "Revision" r WHERE r."itemId" = i.id AND r.status = 'PUBLISHED' AND i."unitId" = ANY($1::int[])`,
    ids,
  );
  await sql(
    `INSERT INTO "ModuleStatus" ("unitId", "moduleId", "lastPublishedAt", "lastPublishedById", "publishedItems", "updatedAt")
     SELECT i."unitId", i."moduleId", max(i."publishedAt"), $2, count(*), now()
       FROM "ContentItem" i WHERE i."unitId" = ANY($1::int[]) AND i."publishedAt" IS NOT NULL GROUP BY i."unitId", i."moduleId"`,
    ids,
    office.id,
  );

  // boards: six monthly targets a year, figures for every ended month, a few missed or missing
  await sql(
    `INSERT INTO "Target" ("unitId", year, kind, title, measure, uom, direction, "targetValue", "stretchValue", period, "sortOrder", "createdAt", "updatedAt")
     SELECT u.id, y, CASE WHEN k <= 4 THEN 'MUST' ELSE 'CHALLENGE' END::"TargetKind", '目标' || k, '衡量指标' || k, '%', 'HIGHER', 90,
            CASE WHEN k > 4 THEN 97 END, 'MONTHLY', k, now(), now()
       FROM unnest($1::int[]) u(id), generate_series($2::int, $3::int) y, generate_series(1, 6) k`,
    ids,
    first,
    thisYear,
  );
  await sql(
    `INSERT INTO "Measurement" ("targetId", period, actual, note, late, "reportedById", "reportedAt")
     SELECT t.id, n, 80 + ((t.id * 7 + n * 13) % 21), '', (t.id + n) % 9 = 0, $2, least(make_date(t.year, n, 1) + interval '1 month 5 days', now())
       FROM "Target" t CROSS JOIN generate_series(1, 12) n
      WHERE t."unitId" = ANY($1::int[]) AND make_date(t.year, n, 1) + interval '1 month' <= now() AND (t.id + n) % 17 <> 0`,
    ids,
    office.id,
  );

  // inspections: two a year per branch, three findings each, most countermeasures closed
  await sql(
    `INSERT INTO "Inspection" ("unitId", "visitDate", inspectors, scope, notes, status, "createdById", "createdAt", "updatedAt")
     SELECT u.id, make_date(y, h * 6 - 2, 15), '党务室', '全面检查', '', CASE WHEN y = $3 AND h = 2 THEN 'OPEN' ELSE 'CLOSED' END::"InspectionStatus", $4, now(), now()
       FROM unnest($1::int[]) u(id), generate_series($2::int, $3::int) y, generate_series(1, 2) h
      WHERE make_date(y, h * 6 - 2, 15) <= now()`,
    ids,
    first,
    thisYear,
    office.id,
  );
  await sql(
    `INSERT INTO "Finding" ("inspectionId", "unitId", text, severity, "dueDate", "createdById", "createdAt")
     SELECT i.id, i."unitId", '检查发现问题' || k, (ARRAY['MINOR','MAJOR','SERIOUS'])[k]::"FindingSeverity", i."visitDate" + 30, $2, i."visitDate"
       FROM "Inspection" i CROSS JOIN generate_series(1, 3) k WHERE i."unitId" = ANY($1::int[])`,
    ids,
    office.id,
  );
  await sql(
    `INSERT INTO "Countermeasure" ("unitId", source, "findingId", problem, "dueDate", stage, "createdById", "closedById", "closedAt", "createdAt", "updatedAt")
     SELECT f."unitId", 'FINDING', f.id, f.text, f."dueDate", CASE WHEN f."dueDate" < now()::date - 60 THEN 'CLOSED' ELSE 'DO' END::"PdcaStage", $2::int,
            CASE WHEN f."dueDate" < now()::date - 60 THEN $2::int END, CASE WHEN f."dueDate" < now()::date - 60 THEN f."dueDate" - 3 END, f."createdAt", now()
       FROM "Finding" f WHERE f."unitId" = ANY($1::int[])`,
    ids,
    office.id,
  );

  // Planner statistics now, not when autovacuum gets round to it: without them the morning review took seconds.
  await db.$executeRawUnsafe('ANALYZE');
}
