import { describe, expect, it } from 'vitest';
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
