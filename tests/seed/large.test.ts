import { describe, expect, it } from 'vitest';
import { seedLargeOrganisation } from '../../src/seed/large.js';
import { seededDemoDatabase } from '../helpers/demo-db.js';

const db = seededDemoDatabase('large_seed');

describe('the large organisation (npm run seed:large, the benchmark)', () => {
  it('publishes nothing after today: pages revised each quarter up to last month, records of ended months', async () => {
    await seedLargeOrganisation(db().prisma, { branches: 2, years: 2, people: 3 });
    const future = await db().prisma.$queryRaw<{ what: string; n: number }[]>`
      SELECT 'revisions' AS what, count(*)::int AS n FROM "Revision" WHERE "createdAt" > now() OR "reviewedAt" > now()
      UNION ALL SELECT 'items', count(*)::int FROM "ContentItem" WHERE "publishedAt" > now()
      UNION ALL SELECT 'search', count(*)::int FROM "SearchDoc" WHERE at > now()
      UNION ALL SELECT 'figures', count(*)::int FROM "Measurement" WHERE "reportedAt" > now()`;
    expect(future).toEqual([
      { what: 'revisions', n: 0 },
      { what: 'items', n: 0 },
      { what: 'search', n: 0 },
      { what: 'figures', n: 0 },
    ]);
    // a page's revisions a quarter apart, the latest within the last two months
    const [latest] = await db().prisma.$queryRaw<{ days: number }[]>`
      SELECT min(now()::date - r."reviewedAt"::date)::int AS days FROM "Revision" r JOIN "ContentItem" i ON i.id = r."itemId"
       JOIN "Unit" u ON u.id = i."unitId" WHERE u.code LIKE 'L%' AND i.kind = 'PAGE'`;
    expect(latest.days).toBeLessThan(62);
  });
});
