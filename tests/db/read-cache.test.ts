import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ReadCache, runInReadContext, readContext } from '../../src/db/read-cache.js';
import { loginAs, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

const generation = async () => (await testDb().dataGeneration.findUniqueOrThrow({ where: { id: 1 } })).n;

describe('the data generation', () => {
  it('is raised once by each committed write transaction, however many rows it writes, and not by a rolled-back one', async () => {
    const db = testDb();
    const w = await makeBranchWorld();
    const before = await generation();
    await db.unit.update({ where: { id: w.branch.id }, data: { name: '代数一' } });
    expect(await generation()).toBe(before + 1n);
    await db.$transaction(async (tx) => {
      await tx.unit.update({ where: { id: w.branch.id }, data: { name: '代数二' } });
      await tx.unit.update({ where: { id: w.other.id }, data: { name: '代数三' } });
      await tx.auditLog.create({ data: { action: 'test.generation', entityType: 'Unit', summary: '测试', actorId: w.office.id } });
    });
    expect(await generation()).toBe(before + 2n);
    await expect(
      db.$transaction(async (tx) => {
        await tx.unit.update({ where: { id: w.branch.id }, data: { name: '不会保存' } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await generation()).toBe(before + 2n);
  });

  it('is kept by every table of the portal’s data (a table added later gets its triggers from the migrator)', async () => {
    const rows = await testDb().$queryRaw<{ table: string; triggers: bigint }[]>`
      SELECT c.relname AS "table", count(t.oid) AS triggers FROM pg_class c
        JOIN pg_namespace s ON s.oid = c.relnamespace
        LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND t.tgname IN ('data_generation_rows', 'data_generation_truncate')
       WHERE s.nspname = current_schema() AND c.relkind = 'r' GROUP BY c.relname`;
    const without = rows
      .filter((r) => r.triggers !== 2n)
      .map((r) => r.table)
      .sort();
    expect(without).toEqual(['DataGeneration', 'ReviewMarker', 'ViewCount', '_prisma_migrations', 'session']);
  });
});

describe('the read cache', () => {
  it('answers a page seen again with the session look-up alone, and shows a write at once, wherever it came from', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.member.username);
    const url = `/units/${w.branch.code}`;
    const first = await agent.get(url);
    expect(first.status).toBe(200);
    const again = await agent.get(url);
    expect(again.text).toContain(w.branch.name);
    expect(sqlQueries(again)).toBe(1);

    // another process writing straight into the database (a second portal instance, a script)
    const other = new pg.Client({ connectionString: process.env.TEST_WORKER_DATABASE_URL });
    await other.connect();
    try {
      await other.query('UPDATE "Unit" SET "name" = $1 WHERE "id" = $2', ['改名后的支部', w.branch.id]);
    } finally {
      await other.end();
    }
    const after = await agent.get(url);
    expect(after.text).toContain('改名后的支部');
    expect(after.text).not.toContain(w.branch.name);
  });

  it('lets a page that writes while it is shown see its own write (opening a notice clears it from the unread count)', async () => {
    const w = await makeBranchWorld();
    const notice = await testDb().notice.create({
      data: {
        unitId: w.committee.id,
        title: '缓存测试通知',
        issuer: '党委',
        audience: 'ALL',
        status: 'PUBLISHED',
        publishedAt: new Date(),
        createdById: w.office.id,
      },
    });
    const agent = await loginAs(w.member.username);
    const unread = (html: string) => Number(/未读 (\d+)/.exec(html)?.[1] ?? 0);
    await agent.get('/');
    const before = unread((await agent.get('/')).text);
    expect(before).toBeGreaterThan(0);
    const opened = await agent.get(`/notices/${notice.id}`);
    expect(opened.text).toContain('缓存测试通知');
    expect(unread(opened.text)).toBe(before - 1);
    expect(unread((await agent.get('/')).text)).toBe(before - 1);
  });

  it('never answers a raw statement that writes from the cache, even in a request that may use it', async () => {
    const db = testDb();
    const marker = `cache-raw-${Date.now()}`;
    const insert = () => db.$queryRaw<{ id: bigint }[]>`
      INSERT INTO "AuditLog" (action, "entityType", summary) VALUES ('test.raw', 'Test', ${marker}) RETURNING id`;
    // two requests that both read the generation before either insert committed
    const current = await generation();
    const request = () =>
      runInReadContext(true, async () => {
        readContext()!.generation = current;
        await insert();
      });
    await request();
    await request();
    expect(await db.auditLog.count({ where: { summary: marker } })).toBe(2);
  });

  it('hands out copies: a request that changes what it read does not change what the next one reads', async () => {
    const cache = new ReadCache();
    const load = async () => ({ rows: [{ id: 1, at: new Date('2026-01-01T00:00:00Z'), tags: ['甲'] }] });
    const read = () =>
      runInReadContext(true, async () => {
        readContext()!.generation = 7n;
        return cache.read('k', load);
      });
    const a = await read();
    a.rows[0].tags.push('乙');
    a.rows[0].at.setFullYear(2000);
    a.rows.pop();
    const b = await read();
    expect(b.rows).toEqual([{ id: 1, at: new Date('2026-01-01T00:00:00Z'), tags: ['甲'] }]);
    expect(cache.hits).toBe(1);
  });

  it('is neither used nor filled by a request that began before a newer generation, or that has written', async () => {
    const cache = new ReadCache();
    let n = 0;
    const load = async () => ++n;
    const at = (g: bigint, wrote = false) =>
      runInReadContext(!wrote, async () => {
        readContext()!.generation = g;
        return cache.read('k', load);
      });
    expect(await at(5n)).toBe(1);
    expect(await at(5n)).toBe(1);
    expect(await at(6n)).toBe(2); // a write happened: read again
    expect(await at(5n)).toBe(3); // an older snapshot neither reads nor replaces the newer answer
    expect(await at(6n)).toBe(2);
    expect(await at(6n, true)).toBe(4);
    expect(await at(6n)).toBe(2);
  });
});

describe('values computed from cached reads', () => {
  it('are computed once per generation, shared by the requests of that generation, and frozen', async () => {
    const cache = new ReadCache();
    let computed = 0;
    const compute = async () => ({
      n: ++computed,
      asOf: new Date(2026, 10, 28),
      rows: [{ title: '党员发展', cells: [{ n: 1, status: 'ok', at: new Date(2026, 10, 1) }] }],
    });
    const at = (g: bigint) =>
      runInReadContext(true, async () => {
        readContext()!.generation = g;
        return cache.derived('board', compute);
      });
    const a = await at(3n);
    const b = await at(3n);
    expect(b).toBe(a);
    expect(Object.isFrozen(a.rows[0].cells[0])).toBe(true);
    expect(() => {
      'use strict';
      (a.rows[0] as { title: string }).title = '改掉';
    }).toThrow(TypeError);
    // a date in it cannot be moved either (Object.freeze does not reach a Date's time), and still reads as a date
    expect(() => a.rows[0].cells[0].at.setHours(0)).toThrow(TypeError);
    expect(() => a.asOf.setTime(0)).toThrow(TypeError);
    expect(a.asOf.getTime()).toBe(new Date(2026, 10, 28).getTime());
    expect(a.asOf instanceof Date).toBe(true);
    const copy = new Date(a.asOf);
    copy.setDate(1);
    expect(copy.getDate()).toBe(1);
    expect((await at(4n)).n).toBe(2); // a write happened: computed again
    expect(await runInReadContext(false, () => cache.derived('board', compute))).toMatchObject({ n: 3 }); // a request that writes computes its own
  });

  it('keep a board page showing a new figure as soon as it is saved', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.secretary.username);
    const target = await testDb().target.create({
      data: {
        unitId: w.branch.id,
        year: new Date().getUTCFullYear(),
        kind: 'MUST',
        title: '缓存目标',
        measure: '次数',
        uom: '次',
        direction: 'HIGHER',
        targetValue: 10,
        period: 'MONTHLY',
        ownerName: '书记',
      },
    });
    const url = `/units/${w.branch.code}/board`;
    await agent.get(url);
    expect((await agent.get(url)).text).toContain('缓存目标');
    await testDb().measurement.create({ data: { targetId: target.id, period: 1, actual: 8765, note: '', reportedById: w.secretary.id } });
    expect((await agent.get(url)).text).toContain('8765');
  });
});
