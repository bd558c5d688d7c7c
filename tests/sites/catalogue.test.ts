import { describe, expect, it } from 'vitest';
import { ensureCatalogue } from '../../src/domain/sites/catalogue.seed.js';
import { testDb } from '../helpers/db.js';

describe('the module catalogue boot step', () => {
  it('gives the committee 18 modules and a branch 23, in three sections', async () => {
    const templates = await testDb().siteTemplate.findMany({ include: { modules: true } });
    const committee = templates.find((t) => t.key === 'committee')!;
    const branch = templates.find((t) => t.key === 'branch')!;
    expect(committee.modules).toHaveLength(18);
    expect(branch.modules).toHaveLength(23);
    expect(new Set(branch.modules.map((m) => m.section))).toEqual(new Set(['FOUNDATION', 'PRIORITIES', 'REVIEW']));
    expect(branch.modules.find((m) => m.key === 'meetings')).toMatchObject({ title: '三会一课', kind: 'RECORDS', recordType: 'meeting' });
    expect(committee.modules.find((m) => m.key === 'notices')).toMatchObject({ kind: 'LINKED', linkedFeature: 'notices' });
  });

  it('is idempotent and keeps what the administrator changed', async () => {
    const db = testDb();
    const m = await db.moduleDef.findFirstOrThrow({ where: { key: 'plan', template: { key: 'branch' } } });
    await db.moduleDef.update({ where: { id: m.id }, data: { title: '年度工作计划（修订）', retiredAt: new Date() } });
    try {
      await ensureCatalogue(db);
      await ensureCatalogue(db);
      expect(await db.moduleDef.count({ where: { template: { key: 'branch' } } })).toBe(23);
      expect(await db.moduleDef.count({ where: { template: { key: 'committee' } } })).toBe(18);
      const after = await db.moduleDef.findUniqueOrThrow({ where: { id: m.id } });
      expect(after.title).toBe('年度工作计划（修订）');
      expect(after.retiredAt).not.toBeNull();
    } finally {
      await db.moduleDef.update({ where: { id: m.id }, data: { title: m.title, retiredAt: null } });
    }
  });
});
