import type { Db } from '../db/client.js';
import type { DemoOrganisation } from './organisation.js';
import { duringWorkingHours, hashed, viewsFor } from './random.js';
import { branchKind } from './branch-templates.js';
import { lectureOf, themeDayOf, topicsOf } from './calendar.js';
import { meeting, orgLife, themeDay } from './orglife-fields.js';

const DAY = 86_400_000;
/** A branch whose 党课 of the last finished quarter was not held, and one whose last vote lacked a quorum. */
const MISSED_LECTURE = 'b05';
const NO_QUORUM = 'b03';
/** b08's 三会一课 module is stale on purpose (seed/content.ts): nothing in its last 36 days. */
const QUIET_DAYS: Record<string, number> = { b08: 36 };

/**
 * A year of organisational life in every branch, with attendance drawn from the rosters (issue 18): 支委会, 党小组会 per
 * group and 主题党日 monthly, 支部党员大会 and 党课 quarterly, 组织生活会 and 民主评议党员 early in the year; a missed 党课
 * in b05 and a vote without a quorum in b03. The branches' "三会一课按期召开率" then takes its figures from these records.
 */
export async function seedOrgLife(db: Db, org: DemoOrganisation): Promise<void> {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const [modules, people, secretaries] = await Promise.all([
    db.moduleDef.findMany({
      where: { template: { key: 'branch' }, key: { in: ['meetings', 'theme-day', 'org-life'] } },
      select: { id: true, key: true },
    }),
    db.person.findMany({
      where: { active: true, partyStatus: { in: ['FULL', 'PROBATIONARY'] } },
      select: { id: true, partyStatus: true, homeUnitId: true },
    }),
    db.roleGrant.findMany({ where: { role: 'SECRETARY', unit: { kind: 'BRANCH' } }, select: { unitId: true, personId: true } }),
  ]);
  const moduleId = new Map(modules.map((m) => [m.key, m.id]));
  const secretaryOf = new Map(secretaries.map((s) => [s.unitId!, s.personId]));
  const rows: { unitId: number; moduleId: number; title: string; date: Date; fields: object; authorId: number }[] = [];
  for (const b of org.branches) {
    const roster = people.filter((p) => p.homeUnitId === b.id || b.groupIds.includes(p.homeUnitId!));
    const author = secretaryOf.get(b.id) ?? org.accounts.office;
    const quietFrom = today - (QUIET_DAYS[b.code] ?? 0) * DAY;
    const lastQuarterLecture = lastEndedQuarterLecture(today);
    const retirees = branchKind(b.name) === 'RETIREES';
    const add = (key: string, date: number, fields: Record<string, unknown>, title: string) => {
      if (date >= today || (key === 'meetings' && date >= quietFrom)) return;
      rows.push({
        unitId: b.id,
        moduleId: moduleId.get(key)!,
        title,
        date: new Date(date),
        fields: { date: iso(date), ...fields },
        authorId: author,
      });
    };
    for (let k = 11; k >= 0; k--) {
      const d = new Date(today);
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth() - k;
      const on = (day: number) => Date.UTC(y, m, day);
      const month = new Date(on(1)).getUTCMonth();
      const seed = b.id * 31 + k;
      const topics = topicsOf(month + 1, retirees);
      const topic = (n: number) => topics[n % topics.length];
      add('meetings', on(8), meeting('支委会', roster.slice(0, 7), seed, topic(seed)), `支委会：${topic(seed)}`);
      // a busy month has a second, special 支委会 (so months, quarters and branches count differently)
      if (hashed(seed * 7 + 1) > 0.55)
        add('meetings', on(22), meeting('支委会', roster.slice(0, 7), seed + 5, topic(seed + 2)), `专题支委会：${topic(seed + 2)}`);
      for (const g of b.groupIds) {
        const group = roster.filter((p) => p.homeUnitId === g);
        if (group.length)
          add('meetings', on(12), { ...meeting('党小组会', group, seed + g, topic(seed + 1)), groupId: g }, `党小组会：${topic(seed + 1)}`);
      }
      add('theme-day', on(5), themeDay(roster, seed, themeDayOf(month + 1, retirees)), `主题党日：${themeDayOf(month + 1, retirees)}`);
      if (month % 3 === 1) {
        const noQuorum = b.code === NO_QUORUM && k < 3;
        add(
          'meetings',
          on(20),
          meeting('支部党员大会', roster, seed, '讨论接收预备党员和年度工作', { voting: true, noQuorum }),
          '支部党员大会：讨论接收预备党员和年度工作',
        );
      }
      if (month % 3 === 2 && !(b.code === MISSED_LECTURE && on(15) === lastQuarterLecture))
        add(
          'meetings',
          on(15),
          meeting('党课', roster, seed, lectureOf(month + 1, b.id, retirees)),
          `党课：${lectureOf(month + 1, b.id, retirees)}`,
        );
      if (month === 0) add('org-life', on(20), orgLife('组织生活会', roster, seed), '组织生活会：对照党章党规找差距');
      if (month === 1) add('org-life', on(25), orgLife('民主评议党员', roster, seed), '民主评议党员：对照党章党规找差距');
    }
  }
  await insertPublished(db, rows);
}

function lastEndedQuarterLecture(today: number): number {
  const d = new Date(today);
  const q = Math.floor(d.getUTCMonth() / 3);
  return Date.UTC(d.getUTCFullYear(), q * 3 - 1, 15);
}

const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The records, published, in bulk (as seed/content.ts writes the other modules), with the modules' status. */
async function insertPublished(
  db: Db,
  rows: { unitId: number; moduleId: number; title: string; date: Date; fields: object; authorId: number }[],
) {
  const now = Date.now();
  // published the day after, in working hours; read more the longer it has been up
  const times = rows.map((r, i) => duringWorkingHours(r.date.getTime() + DAY, r.unitId * 7919 + i, now));
  const items = await db.contentItem.createManyAndReturn({
    data: rows.map((r, i) => ({
      unitId: r.unitId,
      moduleId: r.moduleId,
      kind: 'RECORD' as const,
      title: r.title,
      eventDate: r.date,
      publishedAt: times[i],
      headNumber: 1,
      createdAt: times[i],
    })),
    select: { id: true },
  });
  const revisions = await db.revision.createManyAndReturn({
    data: rows.map((r, i) => ({
      itemId: items[i].id,
      number: 1,
      status: 'PUBLISHED' as const,
      title: r.title,
      fields: r.fields,
      eventDate: r.date,
      baseNumber: 0,
      authorId: r.authorId,
      createdAt: times[i],
      reviewedAt: times[i],
      reviewedById: r.authorId,
    })),
    select: { id: true, itemId: true },
  });
  await db.$executeRaw`UPDATE "ContentItem" AS c SET "publishedRevisionId" = v.rev FROM unnest(${revisions.map((r) => r.itemId)}::int[], ${revisions.map((r) => r.id)}::int[]) AS v(item, rev) WHERE c.id = v.item`;
  await db.viewCount.createMany({
    data: items.map((x, i) => ({ itemId: x.id, views: viewsFor((now - times[i].getTime()) / DAY, x.id) })).filter((v) => v.views > 0),
  });
  await db.$executeRaw`
    INSERT INTO "ModuleStatus" ("unitId", "moduleId", "lastPublishedAt", "lastPublishedById", "publishedItems", "updatedAt")
    SELECT i."unitId", i."moduleId", max(i."publishedAt"), max(r."authorId"), count(*)::int, now()
      FROM "ContentItem" i JOIN "Revision" r ON r.id = i."publishedRevisionId"
     WHERE i.id = ANY(${items.map((x) => x.id)}::int[])
     GROUP BY 1, 2
    ON CONFLICT ("unitId", "moduleId") DO UPDATE SET "lastPublishedAt" = EXCLUDED."lastPublishedAt", "publishedItems" = "ModuleStatus"."publishedItems" + EXCLUDED."publishedItems"`;
}

/** After the boards: the branches' "三会一课按期召开率" now comes from the records (自动), the typed figures go. */
export async function seedFedTargets(db: Db): Promise<void> {
  const where = { title: '“三会一课”按期召开率', unit: { kind: 'BRANCH' as const } };
  const targets = await db.target.findMany({ where, select: { id: true } });
  await db.measurement.deleteMany({ where: { targetId: { in: targets.map((t) => t.id) } } });
  await db.target.updateMany({ where: { id: { in: targets.map((t) => t.id) } }, data: { source: 'orglife.on_time' } });
}
