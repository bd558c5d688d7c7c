import { testDb } from '../helpers/db.js';

/**
 * The module catalogue is shared by every test file of a worker: a security test that lets an administrator's
 * form through (or throws random values at it) puts the catalogue back exactly as it found it.
 */
export async function snapshotCatalogue() {
  return testDb().moduleDef.findMany({
    select: { id: true, title: true, description: true, section: true, sortOrder: true, cadence: true, retiredAt: true },
  });
}

export async function restoreCatalogue(snapshot: Awaited<ReturnType<typeof snapshotCatalogue>>) {
  const db = testDb();
  const ids = snapshot.map((m) => m.id);
  const added = await db.moduleDef.findMany({ where: { id: { notIn: ids } }, select: { id: true } });
  if (added.length) {
    const addedIds = added.map((m) => m.id);
    await db.moduleStatus.deleteMany({ where: { moduleId: { in: addedIds } } });
    await db.moduleDef.deleteMany({ where: { id: { in: addedIds } } });
  }
  for (const { id, ...rest } of snapshot) await db.moduleDef.update({ where: { id }, data: rest });
}
