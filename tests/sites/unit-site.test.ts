import { describe, expect, it } from 'vitest';
import { lastRequestStatements } from '../../src/db/query-counter.js';
import { loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit } from '../helpers/factories.js';

async function branchModule(key: string) {
  return testDb().moduleDef.findFirstOrThrow({ where: { key, template: { key: 'branch' } } });
}

/** Publishes `n` records of a module directly in the database, the newest `daysAgo` days ago. */
async function publishRecords(unitId: number, moduleKey: string, authorId: number, n: number, daysAgo: number) {
  const db = testDb();
  const mod = await branchModule(moduleKey);
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.now() - (daysAgo + i) * 86_400_000);
    const item = await db.contentItem.create({
      data: {
        unitId,
        moduleId: mod.id,
        kind: 'RECORD',
        title: `记录${i}`,
        eventDate: at,
        publishedAt: at,
        headNumber: 1,
        views: i > 0 ? { create: { views: i } } : undefined,
      },
    });
    const rev = await db.revision.create({
      data: { itemId: item.id, number: 1, status: 'PUBLISHED', title: `记录${i}`, authorId, createdAt: at, reviewedAt: at },
    });
    await db.contentItem.update({ where: { id: item.id }, data: { publishedRevisionId: rev.id } });
  }
  const last = new Date(Date.now() - daysAgo * 86_400_000);
  await db.moduleStatus.upsert({
    where: { unitId_moduleId: { unitId, moduleId: mod.id } },
    create: { unitId, moduleId: mod.id, lastPublishedAt: last, lastPublishedById: authorId, publishedItems: n },
    update: { lastPublishedAt: last, lastPublishedById: authorId, publishedItems: { increment: n } },
  });
}

describe('a unit site', () => {
  it('shows the three sections with every live module as a tile, freshness marks and the current count', async () => {
    const branch = await makeUnit();
    const sec = await makePerson({ roles: [{ role: 'SECRETARY', unitId: branch.id }], displayName: '发布人甲' });
    await publishRecords(branch.id, 'meetings', sec.id, 1, 3);
    await publishRecords(branch.id, 'news', sec.id, 1, 40);
    const res = await (await loginAs(sec.username)).get(`/units/${branch.code}`);
    expect(res.status).toBe(200);
    for (const s of ['管理基础', '管理重点', '管理回顾']) expect(res.text).toContain(s);
    expect(res.text.match(/class="tile /g)).toHaveLength(23);
    const meetings = res.text.slice(res.text.indexOf('三会一课'), res.text.indexOf('</li>', res.text.indexOf('三会一课')));
    expect(meetings).toContain('已更新');
    expect(meetings).toContain('发布人甲');
    const news = res.text.slice(res.text.indexOf('>支部动态<'), res.text.indexOf('</li>', res.text.indexOf('>支部动态<')));
    expect(news).toContain('已逾期');
    expect(res.text).toMatch(/<strong>1 \/ 18<\/strong> 个内容模块保持更新/);
    expect(res.text).toContain(`href="/units/${branch.code}/modules/board"`);
  });

  it('hides retired modules and shows the most viewed items', async () => {
    const db = testDb();
    const branch = await makeUnit();
    const sec = await makePerson({ roles: [{ role: 'SECRETARY', unitId: branch.id }] });
    await publishRecords(branch.id, 'honours', sec.id, 3, 1);
    const mod = await branchModule('excellence');
    await db.moduleDef.update({ where: { id: mod.id }, data: { retiredAt: new Date() } });
    try {
      const res = await (await loginAs(sec.username)).get(`/units/${branch.code}`);
      expect(res.text).not.toContain('创先争优');
      expect(res.text.match(/class="tile /g)).toHaveLength(22);
      const top = res.text.slice(res.text.indexOf('最受关注'));
      expect(top).toContain('记录2');
      expect(top.indexOf('记录2')).toBeLessThan(top.indexOf('记录1'));
    } finally {
      await db.moduleDef.update({ where: { id: mod.id }, data: { retiredAt: null } });
    }
  });

  it('tells a party group to look at its branch', async () => {
    const branch = await makeUnit();
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: branch.id });
    const res = await (await loginAs((await makePerson()).username)).get(`/units/${group.code}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('党小组没有单独的网站');
    expect(res.text).toContain(`/units/${branch.code}`);
  });

  it('costs the same number of queries with 2 or 60 records and revisions', async () => {
    const branch = await makeUnit();
    const sec = await makePerson({ roles: [{ role: 'SECRETARY', unitId: branch.id }] });
    const agent = await loginAs(sec.username);
    await publishRecords(branch.id, 'meetings', sec.id, 2, 1);
    const small = sqlQueries(await coldGet(agent, `/units/${branch.code}`));
    const a = lastRequestStatements();
    await publishRecords(branch.id, 'meetings', sec.id, 30, 1);
    await publishRecords(branch.id, 'dues', sec.id, 30, 1);
    const large = sqlQueries(await coldGet(agent, `/units/${branch.code}`));
    expect(large, JSON.stringify({ a, b: lastRequestStatements() }, null, 1)).toBe(small);
  });
});
