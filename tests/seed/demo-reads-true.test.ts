import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadBoard } from '../../src/domain/boards/board.queries.js';
import { DEMO_PASSWORD } from '../../src/domain/demo-accounts.js';
import { createApp } from '../../src/web/app.js';
import { loginAs } from '../helpers/app.js';
import { seededDemoDatabase } from '../helpers/demo-db.js';

const demo = seededDemoDatabase('readstrue');

/** The office's browser on the seeded demo, as a new user would meet it. */
async function office() {
  const app = createApp({
    db: demo(),
    config: {
      sessionSecret: 'test-secret-test-secret-test-secret',
      cookieSecure: false,
      dataDir: path.join(os.tmpdir(), `djportal-demo-${process.pid}`),
      uploadsDir: path.join(os.tmpdir(), `djportal-demo-${process.pid}`, 'uploads'),
    },
    logger: pino({ level: 'silent' }),
  });
  return loginAs('office', DEMO_PASSWORD, app);
}

/** The rows of the board's diagnosis table: month, self-diagnosis, office's evaluation (tags stripped). */
function diagnoses(html: string) {
  const rows = [...html.matchAll(/<tr><th scope="row">(\d+)月<\/th><td>([\s\S]*?)<\/td>\s*<td>([\s\S]*?)<\/td>/g)];
  const text = (s: string) => s.replace(/<[^>]+>/g, '').trim();
  return rows.map((m) => ({
    month: Number(m[1]),
    self: text(m[2]),
    office: text(m[3]),
  }));
}

const year = new Date().getUTCFullYear();
const unit = (code: string) => demo().prisma.unit.findUniqueOrThrow({ where: { code } });

describe('the demo boards read true', () => {
  it('builds each month’s self-diagnosis from that month’s figures, naming the targets the board shows missed', async () => {
    const agent = await office();
    const texts: string[] = [];
    for (const code of ['b02', 'b05']) {
      const u = await unit(code);
      const res = await agent.get(`/units/${code}/board`);
      expect(res.status).toBe(200);
      const ds = diagnoses(res.text);
      expect(ds.length, code).toBeGreaterThanOrEqual(2);
      expect(new Set(ds.map((d) => d.self)).size, code).toBe(ds.length); // October is not November
      texts.push(...ds.map((d) => d.self));
      const board = await loadBoard(demo().prisma, u, year);
      for (const d of ds) {
        const monthly = board.rows.filter((r) => r.period === 'MONTHLY' && !r.fedFrom);
        for (const r of monthly) {
          const cell = r.cells.find((c) => c.n === d.month)!;
          if (cell.status === 'missed') expect(d.self, `${code} ${d.month}月 ${r.title}`).toContain(`「${r.title}」`);
        }
        expect(d.self).not.toContain('已组织党员责任区专项检查'); // the old fixed sentences
      }
    }
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('gives the office’s grade and comment together: all met is 好, a missed must-achieve target lowers it and is named', async () => {
    const db = demo().prisma;
    const rated = await db.diagnosis.findMany({
      where: { officeRating: { not: null } },
    });
    const units = new Map((await db.unit.findMany()).map((u) => [u.id, u]));
    expect(rated.length).toBeGreaterThan(10);
    let sawMissed = 0;
    for (const d of rated) {
      const u = units.get(d.unitId)!;
      const board = await loadBoard(db, u, year);
      const missedMust = board.rows.filter(
        (r) => r.period === 'MONTHLY' && !r.fedFrom && r.kind === 'MUST' && r.cells.find((c) => c.n === d.month)?.status === 'missed',
      );
      if (missedMust.length) {
        sawMissed++;
        expect(['NEEDS_WORK', 'POOR'], `${u.code} ${d.month}`).toContain(d.officeRating);
        expect(missedMust.some((r) => d.officeText.includes(r.title))).toBe(true);
      } else {
        const month = board.rows
          .filter((r) => r.period === 'MONTHLY' && !r.fedFrom)
          .map((r) => r.cells.find((c) => c.n === d.month)!.status);
        if (month.every((s) => s === 'met' || s === 'stretch'))
          expect([d.officeRating, d.officeText]).toEqual(['GOOD', expect.stringContaining('均已达成')]);
        else expect([d.officeRating, d.officeText], `${u.code} ${d.month}`).toEqual(['FAIR', expect.not.stringContaining('均已达成')]);
      }
      expect(d.evaluatedSelfText).toBe(d.selfText); // the evaluation is of this text, not of "an earlier draft"
    }
    expect(sawMissed).toBeGreaterThan(0);
    expect(rated.some((d) => d.officeRating === 'GOOD')).toBe(true);
  });

  it('gives each branch targets that fit it: no production targets for the retirees', async () => {
    const agent = await office();
    const retirees = await agent.get('/units/b12/board');
    expect(retirees.status).toBe(200);
    expect(retirees.text).not.toContain('质量事故');
    expect(retirees.text).not.toContain('安全隐患');
    expect(retirees.text).toContain('组织生活参加率');
    const workshop = await agent.get('/units/b02/board');
    expect(workshop.text).toContain('安全隐患整改率');
  });

  it('opens one PDCA item per missed stretch of a must-achieve target, naming its months', async () => {
    const db = demo().prisma;
    const branches = await db.unit.findMany({
      where: { kind: { in: ['BRANCH', 'COMMITTEE'] } },
    });
    let items = 0;
    for (const u of branches) {
      const board = await loadBoard(db, u, year);
      const pdca = await db.countermeasure.findMany({
        where: { unitId: u.id, source: 'TARGET' },
      });
      for (const r of board.rows.filter((x) => x.kind === 'MUST' && !x.fedFrom)) {
        const missed = r.cells.filter((c) => c.status === 'missed').map((c) => c.n);
        const mine = pdca.filter((p) => p.targetId === r.id);
        const named = mine.flatMap((p) => periodsNamed(p.problem));
        expect(
          named.sort((a, b) => a - b),
          `${u.code} ${r.title}`,
        ).toEqual(missed);
        const stretches = missed.filter((n, i) => i === 0 || missed[i - 1] !== n - 1).length;
        expect(mine.length, `${u.code} ${r.title}`).toBe(stretches);
        items += mine.length;
      }
    }
    expect(items).toBeGreaterThan(5);
  });
});

/** The periods a PDCA problem names: "2026年3月", "2026年3–4月" or "2026年第2季度". */
function periodsNamed(problem: string): number[] {
  const m = /年第?(\d+)(?:[–-](\d+))?(?:月|季度)/.exec(problem);
  if (!m) return [];
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('the demo content reads true', () => {
  it('gives every unit a featured work of its own', async () => {
    const featured = await demo().prisma.revision.findMany({
      where: { status: 'PUBLISHED', item: { module: { key: 'featured' } } },
      select: { title: true, fields: true, item: { select: { unitId: true } } },
    });
    const units = new Set(featured.map((f) => f.item.unitId));
    expect(units.size).toBeGreaterThan(5);
    const unitsOf = new Map<string, Set<number>>();
    for (const f of featured) {
      const h = (f.fields as { headline: string }).headline;
      unitsOf.set(h, (unitsOf.get(h) ?? new Set()).add(f.item.unitId));
    }
    for (const [h, us] of unitsOf) expect(us.size, h).toBe(1);
  });

  it('varies view counts, older items viewed more, and publishes in working hours at varying minutes', async () => {
    const db = demo().prisma;
    const items = await db.contentItem.findMany({
      where: { publishedAt: { not: null } },
      select: { publishedAt: true, views: { select: { views: true } } },
    });
    const views = items.map((i) => i.views?.views ?? 0);
    expect(new Set(views).size).toBeGreaterThan(20);
    const byAge = [...items].sort((a, b) => a.publishedAt!.getTime() - b.publishedAt!.getTime());
    const mean = (xs: typeof items) => xs.reduce((n, i) => n + (i.views?.views ?? 0), 0) / xs.length;
    const third = Math.floor(byAge.length / 3);
    expect(mean(byAge.slice(0, third))).toBeGreaterThan(mean(byAge.slice(-third)));
    const local = items.map((i) => new Date(i.publishedAt!.getTime() + 8 * 3_600_000)); // China time
    expect(local.filter((d) => d.getUTCHours() === 0 && d.getUTCMinutes() === 0).length).toBe(0);
    expect(new Set(local.map((d) => d.getUTCMinutes())).size).toBeGreaterThan(20);
    const seeded = local.filter((d) => d.getUTCHours() >= 8 && d.getUTCHours() < 18);
    expect(seeded.length / local.length).toBeGreaterThan(0.9);
  });

  it('follows the year’s calendar: no winter safety from March to September, 党课 titles vary', async () => {
    const meetings = await demo().prisma.revision.findMany({
      where: { status: 'PUBLISHED', item: { module: { key: 'meetings' } } },
      select: { title: true, fields: true, eventDate: true },
    });
    expect(meetings.length).toBeGreaterThan(100);
    for (const m of meetings) {
      const month = m.eventDate!.getUTCMonth() + 1;
      const text = `${m.title} ${(m.fields as { topics?: string }).topics ?? ''}`;
      if (month >= 3 && month <= 9) expect(text, `${month}月`).not.toMatch(/冬季|冬春/);
      if (month >= 5 && month <= 10) expect(text, `${month}月`).not.toMatch(/春季/);
    }
    const inMonth = (months: number[]) =>
      meetings.filter((m) => months.includes(m.eventDate!.getUTCMonth() + 1)).map((m) => (m.fields as { topics?: string }).topics ?? '');
    expect(inMonth([6, 7]).some((t) => t.includes('七一'))).toBe(true);
    expect(inMonth([11, 12, 1, 2]).some((t) => t.includes('冬季'))).toBe(true);
    expect(inMonth([1, 2]).some((t) => t.includes('民主评议'))).toBe(true);
    const themeDays = await demo().prisma.revision.findMany({
      where: { status: 'PUBLISHED', item: { module: { key: 'theme-day' } } },
      select: { fields: true, eventDate: true },
    });
    const themes = new Map(themeDays.map((t) => [(t.fields as { theme: string }).theme, t.eventDate!.getUTCMonth() + 1]));
    expect(themes.size).toBeGreaterThan(9); // not the same theme every month
    expect(themes.get('清明祭英烈')).toBe(4);
    const lectures = meetings.filter((m) => (m.fields as { meetingType?: string }).meetingType === '党课').map((m) => m.title);
    expect(new Set(lectures).size).toBeGreaterThan(3);
  });

  it('publishes two quarters whose statistics differ, between quarters and between branches', async () => {
    const quarters = await demo().prisma.statsQuarter.findMany({
      orderBy: [{ year: 'asc' }, { quarter: 'asc' }],
      include: { rows: { orderBy: { unitCode: 'asc' } } },
    });
    expect(quarters).toHaveLength(2);
    const [a, b] = quarters.map((q) => q.rows.map((r) => r.updates));
    expect(a.filter((n, i) => n !== b[i]).length).toBeGreaterThan(a.length / 2);
    for (const q of quarters) expect(new Set(q.rows.map((r) => r.updates)).size, `Q${q.quarter}`).toBeGreaterThan(5);
  });
});
