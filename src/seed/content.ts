import type { Db } from '../db/client.js';
import { recordDate, recordType } from '../domain/content/record-types.js';
import { hasAttendance } from '../domain/orglife/attendance.js';
import type { DemoOrganisation } from './organisation.js';
import { PAGE_TEXTS, recordFields } from './content-texts.js';
import { seedReviewSituations } from './content-review.js';
import { duringWorkingHours, viewsFor } from './random.js';
import { recordAges } from './schedule.js';

const DAY = 86_400_000;

/** Modules left empty or stale on purpose, so the site's freshness marks and the morning review have something to show. */
const EMPTY = new Set(['b03:pioneers', 'b06:excellence', 'b09:groups', 'b10:featured', 'b11:ideology']);
const STALE_DAYS: Record<string, number> = { 'b04:study': 45, 'b07:integrity': 130, 'b05:news': 40, 'b08:meetings': 36, 'b12:dues': 70 };

const PAGE_AGE = { MONTHLY: 8, QUARTERLY: 30, YEARLY: 120, ON_EVENT: 60 } as const;

/**
 * A year of published content in every page and records module of every demo unit, written in bulk; then a few
 * review situations through the real services: a draft waiting, one sent back, one taken down.
 */
export async function seedContent(db: Db, org: DemoOrganisation): Promise<void> {
  const now = Date.now();
  const units = await db.unit.findMany({
    where: { kind: { in: ['COMMITTEE', 'BRANCH'] } },
    select: { id: true, code: true, name: true, kind: true },
  });
  const [modules, secretaries, people] = await Promise.all([
    db.moduleDef.findMany({
      where: { kind: { in: ['PAGE', 'RECORDS'] }, retiredAt: null },
      select: { id: true, key: true, kind: true, cadence: true, recordType: true, template: { select: { key: true } } },
    }),
    db.roleGrant.findMany({ where: { role: 'SECRETARY', unit: { kind: 'BRANCH' } }, select: { unitId: true, personId: true } }),
    db.person.findMany({ select: { displayName: true, homeUnitId: true } }),
  ]);
  const publisherOf = new Map(secretaries.map((s) => [s.unitId!, s.personId]));
  publisherOf.set(org.committeeId, org.accounts.office);
  const namesOf = (unitId: number) => {
    const groupIds = org.branches.find((b) => b.id === unitId)?.groupIds ?? [];
    const names = people.filter((p) => p.homeUnitId === unitId || groupIds.includes(p.homeUnitId!)).map((p) => p.displayName);
    return names.length >= 8 ? names : [...names, '张建国', '刘晓燕', '王志峰', '陈丽娟', '孙明', '李华', '赵敏', '周强'];
  };

  type Row = {
    unitId: number;
    moduleId: number;
    kind: 'PAGE' | 'RECORD';
    title: string;
    eventDate: Date | null;
    at: Date;
    body: string;
    fields?: object;
    authorId: number;
  };
  const rows: Row[] = [];
  for (const unit of units) {
    const templateKey = unit.kind === 'COMMITTEE' ? 'committee' : 'branch';
    const authorId = publisherOf.get(unit.id) ?? org.accounts.office;
    const names = namesOf(unit.id);
    for (const m of modules.filter((x) => x.template.key === templateKey)) {
      const key = `${unit.code}:${m.key}`;
      if (EMPTY.has(key)) continue;
      const offset = STALE_DAYS[key] ?? 0;
      if (m.kind === 'PAGE') {
        const text = PAGE_TEXTS[m.key]?.(unit.name) ?? `<p>${unit.name}的相关内容。</p>`;
        const at = duringWorkingHours(now - (offset || PAGE_AGE[m.cadence] + (unit.id % 5)) * DAY, unit.id * 1000 + m.id, now);
        rows.push({
          unitId: unit.id,
          moduleId: m.id,
          kind: 'PAGE',
          title: text.match(/<h2>(.*?)<\/h2>/)?.[1] ?? m.key,
          eventDate: null,
          at,
          body: text,
          authorId,
        });
        continue;
      }
      const type = recordType(m.recordType);
      // Organisational life with attendance from the rosters is written by seed/orglife.ts.
      if (!type || (unit.kind === 'BRANCH' && hasAttendance(type.key))) continue;
      const ages = recordAges(m.cadence, unit.id * 131 + m.id, offset + 3 + (unit.id % 4));
      for (const [i, age] of ages.entries()) {
        const at = new Date(now - age * DAY);
        const fields = recordFields(type.key, i + unit.id, at, names, unit.name);
        rows.push({
          unitId: unit.id,
          moduleId: m.id,
          kind: 'RECORD',
          title: type.title(fields),
          eventDate: recordDate(type, fields),
          at: duringWorkingHours(at.getTime() + DAY, unit.id * 1000 + m.id * 17 + i, now),
          body: '',
          fields,
          authorId,
        });
      }
    }
  }

  const items = await db.contentItem.createManyAndReturn({
    data: rows.map((r) => ({
      unitId: r.unitId,
      moduleId: r.moduleId,
      kind: r.kind,
      title: r.title,
      eventDate: r.eventDate,
      publishedAt: r.at,
      headNumber: 1,
      createdAt: r.at,
    })),
    select: { id: true },
  });
  await db.viewCount.createMany({
    data: rows
      .map((r, i) => ({ itemId: items[i].id, views: viewsFor((now - r.at.getTime()) / DAY, items[i].id) }))
      .filter((v) => v.views > 0),
  });
  const revisions = await db.revision.createManyAndReturn({
    data: rows.map((r, i) => ({
      itemId: items[i].id,
      number: 1,
      status: 'PUBLISHED' as const,
      title: r.title,
      body: r.body,
      fields: r.fields,
      eventDate: r.eventDate,
      baseNumber: 0,
      authorId: r.authorId,
      createdAt: r.at,
      reviewedAt: r.at,
      reviewedById: r.authorId,
    })),
    select: { id: true, itemId: true },
  });
  await db.$executeRaw`UPDATE "ContentItem" AS c SET "publishedRevisionId" = v.rev FROM unnest(${revisions.map((r) => r.itemId)}::int[], ${revisions.map((r) => r.id)}::int[]) AS v(item, rev) WHERE c.id = v.item`;

  const status = new Map<string, { unitId: number; moduleId: number; at: Date; by: number; n: number }>();
  for (const r of rows) {
    const k = `${r.unitId}:${r.moduleId}`;
    const s = status.get(k);
    if (!s) status.set(k, { unitId: r.unitId, moduleId: r.moduleId, at: r.at, by: r.authorId, n: 1 });
    else {
      s.n++;
      if (r.at > s.at) s.at = r.at;
    }
  }
  await db.moduleStatus.createMany({
    data: [...status.values()].map((s) => ({
      unitId: s.unitId,
      moduleId: s.moduleId,
      lastPublishedAt: s.at,
      lastPublishedById: s.by,
      publishedItems: s.n,
    })),
  });

  await seedReviewSituations(db, org);
}
