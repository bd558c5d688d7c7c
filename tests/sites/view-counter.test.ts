import { afterEach, describe, expect, it, vi } from 'vitest';
import { countQueries } from '../../src/db/query-counter.js';
import { flushViews, pendingViews, recordView, startViewFlusher, startViewFlushing } from '../../src/domain/sites/view-counter.js';
import { loginAs, postForm } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makeUnit } from '../helpers/factories.js';

async function publishedItems(n: number) {
  const db = testDb();
  const unit = await makeUnit();
  const mod = await db.moduleDef.findFirstOrThrow({ where: { key: 'news', template: { key: 'branch' } } });
  const items = [];
  for (let i = 0; i < n; i++) {
    items.push(
      await db.contentItem.create({
        data: {
          unitId: unit.id,
          moduleId: mod.id,
          kind: 'RECORD',
          title: `动态${i}`,
          publishedAt: new Date(),
          views: { create: { views: 5 } },
        },
      }),
    );
  }
  return items;
}

const viewCounts = async (ids: number[]) =>
  Object.fromEntries(
    (await testDb().viewCount.findMany({ where: { itemId: { in: ids } }, select: { itemId: true, views: true } })).map((i) => [
      i.itemId,
      i.views,
    ]),
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('batched view counting', () => {
  it('writes several views of several items in one statement, leaving updatedAt alone', async () => {
    const [a, b, c] = await publishedItems(3);
    for (let i = 0; i < 4; i++) recordView(a.id);
    recordView(b.id);
    expect(pendingViews()).toBe(5);
    expect(await viewCounts([a.id, b.id])).toEqual({ [a.id]: 5, [b.id]: 5 });

    const { result, count, statements } = await countQueries(() => flushViews(testDb()));
    expect(result).toBe(5);
    expect(count).toBe(1);
    expect(statements[0]).toMatch(/^\s*INSERT INTO "ViewCount"/);
    expect(pendingViews()).toBe(0);
    expect(await viewCounts([a.id, b.id, c.id])).toEqual({ [a.id]: 9, [b.id]: 6, [c.id]: 5 });
    const after = await testDb().contentItem.findUniqueOrThrow({ where: { id: a.id } });
    expect(after.updatedAt).toEqual(a.updatedAt);
  });

  it('sends no query when nothing is pending, and ignores ids that are not items', async () => {
    recordView(-1);
    recordView(Number.NaN);
    const { result, count } = await countQueries(() => flushViews(testDb()));
    expect(result).toBe(0);
    expect(count).toBe(0);
  });

  it('keeps the counts of a flush that failed for the next one', async () => {
    const [a] = await publishedItems(1);
    recordView(a.id);
    recordView(a.id);
    const broken = { $executeRaw: () => Promise.reject(new Error('database away')) } as unknown as ReturnType<typeof testDb>;
    await expect(flushViews(broken)).rejects.toThrow('database away');
    expect(pendingViews()).toBe(2);
    await flushViews(testDb());
    expect((await viewCounts([a.id]))[a.id]).toBe(7);
  });

  it('flushes on its own timer until stopped', async () => {
    const [a] = await publishedItems(1);
    recordView(a.id);
    const stop = startViewFlushing(testDb(), { intervalMs: 20 });
    try {
      await expect.poll(async () => (await viewCounts([a.id]))[a.id], { timeout: 3000 }).toBe(6);
    } finally {
      stop();
    }
    expect(pendingViews()).toBe(0);
  });

  it('writes what is pending when a flusher is stopped', async () => {
    const [a] = await publishedItems(1);
    const stop = startViewFlusher(testDb(), 60_000);
    recordView(a.id);
    recordView(a.id);
    await stop();
    expect(pendingViews()).toBe(0);
    expect((await viewCounts([a.id]))[a.id]).toBe(7);
  });

  it('skips an item deleted since its views were counted instead of failing the whole batch again and again', async () => {
    const [a, b] = await publishedItems(2);
    recordView(a.id);
    recordView(b.id);
    await testDb().contentItem.delete({ where: { id: b.id } });
    expect(await flushViews(testDb())).toBe(2);
    expect(pendingViews()).toBe(0);
    expect(await viewCounts([a.id, b.id])).toEqual({ [a.id]: 6 });
  });

  it('raises no data generation (what pages keep for everyone stays kept), and the new count shows at the next look', async () => {
    const db = testDb();
    const w = await makeBranchWorld();
    const url = `/units/${w.branch.code}/modules/overview`;
    const secretary = await loginAs(w.secretary.username);
    await postForm(secretary, `${url}/edit`, { title: '支部概况', body: '<p>第一版。</p>', baseNumber: 0, intent: 'publish' });
    const member = await loginAs(w.member.username);
    const shown = (html: string) => Number(/浏览 (\d+) 次/.exec(html)![1]);
    await member.get(url);
    await member.get(url);
    const before = await member.get(url);
    expect(shown(before.text)).toBe(0);
    const generation = (await db.dataGeneration.findUniqueOrThrow({ where: { id: 1 } })).n;

    expect(await flushViews(db)).toBeGreaterThanOrEqual(3);
    expect((await db.dataGeneration.findUniqueOrThrow({ where: { id: 1 } })).n).toBe(generation);
    const item = await db.contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, title: '支部概况' }, select: { id: true } });
    const counted = (await viewCounts([item.id]))[item.id];
    expect(counted).toBeGreaterThanOrEqual(3);
    expect(shown((await member.get(url)).text)).toBe(counted);
  });
});
