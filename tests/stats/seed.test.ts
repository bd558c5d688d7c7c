import { describe, expect, it } from 'vitest';
import { lastEndedQuarter, previousQuarter } from '../../src/domain/stats/quarters.js';
import { publishedInfoUpdates } from '../../src/domain/stats/stats.queries.js';
import { seededDemoDatabase } from '../helpers/demo-db.js';

const demo = seededDemoDatabase('seedstats');

describe('the demo statistics', () => {
  it('publishes the two latest complete quarters for the committee and the twelve branches, every unit rated', async () => {
    const db = demo().prisma;
    const latest = lastEndedQuarter(new Date());
    const quarters = await db.statsQuarter.findMany({ orderBy: [{ year: 'asc' }, { quarter: 'asc' }], include: { rows: true } });
    expect(quarters.map((q) => ({ year: q.year, quarter: q.quarter, status: q.status }))).toEqual([
      { ...previousQuarter(latest), status: 'PUBLISHED' },
      { ...latest, status: 'PUBLISHED' },
    ]);
    for (const q of quarters) {
      expect(q.rows.map((r) => r.unitCode).sort()).toEqual([
        'b01',
        'b02',
        'b03',
        'b04',
        'b05',
        'b06',
        'b07',
        'b08',
        'b09',
        'b10',
        'b11',
        'b12',
        'committee',
      ]);
      expect(q.rows.every((r) => r.rating && r.ratingComment)).toBe(true);
      expect(q.rows.reduce((n, r) => n + r.updates, 0)).toBeGreaterThan(50);
    }
    const b01 = await db.unit.findUniqueOrThrow({ where: { code: 'b01' } });
    expect((await publishedInfoUpdates(db, { ...latest, unitIds: [b01.id] }))!.get(b01.id)).toBeGreaterThan(0);
  });
});

describe('the demo content', () => {
  it('tells each featured work with its own practice and results, and has page views for the most viewed lists', async () => {
    const db = demo().prisma;
    const featured = await db.revision.findMany({
      where: { status: 'PUBLISHED', item: { module: { key: 'featured' } } },
      select: { fields: true },
    });
    expect(featured.length).toBeGreaterThan(5);
    const told = new Set(
      featured.map((r) => `${(r.fields as { headline: string }).headline}|${(r.fields as { practice: string }).practice}`),
    );
    const headlines = new Set(featured.map((r) => (r.fields as { headline: string }).headline));
    expect(headlines.size).toBeGreaterThan(20); // each branch tells its own (tests/seed/demo-reads-true.test.ts)
    expect(told.size).toBe(headlines.size); // each headline always with its own practice
    expect(await db.viewCount.count({ where: { views: { gt: 0 } } })).toBeGreaterThan(100);
  });
});
