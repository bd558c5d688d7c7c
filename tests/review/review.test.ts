import { afterEach, describe, expect, it, vi } from 'vitest';
import { lastRequestStatements } from '../../src/db/query-counter.js';
import { anonymous, loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makeUnit } from '../helpers/factories.js';

/** The table row of the review for one branch (its name is unique per test). */
function rowOf(html: string, name: string): string {
  const start = html.indexOf(name);
  expect(start, `${name} is listed`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</tr>', start));
}

/** Statements with their parameter lists folded, so a longer IN (…) reads as the same query. */
const shapes = (s: string[]) =>
  s
    .filter((q) => !q.startsWith('UPDATE "session"')) // the session's expiry is written back every few minutes, not per page
    .map((q) =>
      q
        .replace(/\(\$\d+(,\$\d+)*\)/g, '(…)')
        .replace(/\s+/g, ' ')
        .slice(0, 90),
    )
    .sort();

async function publishPage(unitId: number, authorId: number, title: string, at = new Date()) {
  const db = testDb();
  const mod = await db.moduleDef.findFirstOrThrow({ where: { key: 'overview', template: { key: 'branch' } } });
  const item = await db.contentItem.create({ data: { unitId, moduleId: mod.id, kind: 'PAGE', title, headNumber: 1, publishedAt: at } });
  const rev = await db.revision.create({
    data: { itemId: item.id, number: 1, status: 'PUBLISHED', title, authorId, createdAt: at, reviewedAt: at },
  });
  await db.contentItem.update({ where: { id: item.id }, data: { publishedRevisionId: rev.id } });
  return item;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the morning review', () => {
  it('is only for the office and administrators', async () => {
    const w = await makeBranchWorld();
    const anon = await anonymous().get('/review');
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toBe('/login?returnTo=%2Freview');
    for (const p of [w.member, w.secretary, w.staff]) expect((await (await loginAs(p.username)).get('/review')).status).toBe(403);
    for (const p of [w.office, w.admin]) {
      const res = await (await loginAs(p.username)).get('/review');
      expect(res.status).toBe(200);
      expect(res.text).toContain('每日巡检');
    }
  });

  it('states its tie rule above the table, not only in the collapsed formula', async () => {
    const w = await makeBranchWorld();
    const res = await (await loginAs(w.office.username)).get('/review');
    const head = res.text.slice(0, res.text.indexOf('<table'));
    expect(head).toContain('关注度相同时按支部编号排列');
  });

  it('puts the branch with overdue countermeasures and empty modules above a quiet one, and shows the counts', async () => {
    const w = await makeBranchWorld();
    const db = testDb();
    await db.countermeasure.createMany({
      data: [
        { unitId: w.branch.id, source: 'OTHER', problem: '逾期整改', dueDate: new Date('2020-01-01'), createdById: w.office.id },
        { unitId: w.branch.id, source: 'OTHER', problem: '未到期整改', dueDate: new Date('2099-01-01'), createdById: w.office.id },
        {
          unitId: w.branch.id,
          source: 'OTHER',
          problem: '已关闭',
          dueDate: new Date('2020-01-01'),
          stage: 'CLOSED',
          createdById: w.office.id,
        },
      ],
    });
    const office = await loginAs(w.office.username);
    const res = await office.get(`/review?location=${encodeURIComponent('十堰')}`);
    const row = rowOf(res.text, w.branch.name);
    expect(row).toMatch(/<span class="bad">1<\/span> \/ 2/);
    expect(res.text.indexOf(w.branch.name)).toBeLessThan(res.text.indexOf(w.other.name));
    // every one of the 23 branch modules minus the board, roster and linked ones is empty
    expect(row).toContain('/units/' + w.branch.code + '/modules/rectification');
  });

  it('shows what was published since the person last looked, and moves their marker', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    await testDb().reviewMarker.create({ data: { personId: w.office.id, lastSeenAt: new Date(Date.now() - 3 * 86_400_000) } });
    await publishPage(w.branch.id, w.secretary.id, '支部概况新版本', new Date(Date.now() - 86_400_000));
    await publishPage(w.other.id, w.otherSecretary.id, '五天前的旧闻', new Date(Date.now() - 5 * 86_400_000));
    const first = await office.get('/review');
    expect(rowOf(first.text, w.branch.name)).toContain('发布：支部概况新版本');
    expect(first.text).not.toContain('五天前的旧闻');
    // looking back to an earlier day shows the older change too
    const back = await office.get(`/review?since=${new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10)}`);
    expect(back.text).toContain('五天前的旧闻');
    const marker = await testDb().reviewMarker.findUniqueOrThrow({ where: { personId: w.office.id } });
    expect(Date.now() - marker.lastSeenAt.getTime()).toBeLessThan(60_000);
  });

  it('says in the row why a branch stands where it does: its three biggest reasons with their points, largest first', async () => {
    const w = await makeBranchWorld();
    const db = testDb();
    await db.countermeasure.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        unitId: w.branch.id,
        source: 'OTHER' as const,
        problem: `逾期${i}`,
        dueDate: new Date('2020-01-01'),
        createdById: w.office.id,
      })),
    });
    const row = rowOf((await (await loginAs(w.office.username)).get('/review')).text, w.branch.name);
    const why = row.slice(row.indexOf('class="why"'), row.indexOf('</small>', row.indexOf('class="why"')));
    const reasons = [...why.matchAll(/<span>(\S+) (\d+)（(\d+) 分）<\/span>/g)].map((m) => ({ label: m[1], points: Number(m[3]) }));
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toEqual({ label: '逾期整改', points: 120 });
    expect(reasons.map((r) => r.points)).toEqual([...reasons.map((r) => r.points)].sort((a, b) => b - a));
  });

  it('shows what matters first since the last look, and groups the readings that met their targets as one line', async () => {
    const w = await makeBranchWorld();
    const db = testDb();
    const year = new Date().getFullYear();
    const base = {
      unitId: w.branch.id,
      year,
      kind: 'MUST' as const,
      measure: '—',
      direction: 'HIGHER' as const,
      period: 'MONTHLY' as const,
    };
    const rate = await db.target.create({ data: { ...base, title: '党员参学率', uom: '%', targetValue: 95, valueKind: 'RATE' } });
    const old = new Date(Date.now() - 2 * 3_600_000);
    for (let n = 1; n <= 5; n++)
      await db.measurement.create({ data: { targetId: rate.id, period: n, actual: 98, reportedById: w.secretary.id, reportedAt: old } });
    await db.measurement.create({ data: { targetId: rate.id, period: 6, actual: 60, reportedById: w.secretary.id, reportedAt: old } });
    await publishPage(w.branch.id, w.secretary.id, '支部概况新版本', new Date(Date.now() - 3 * 3_600_000));
    await db.reviewMarker.create({ data: { personId: w.office.id, lastSeenAt: new Date(Date.now() - 86_400_000) } });
    const row = rowOf((await (await loginAs(w.office.username)).get('/review')).text, w.branch.name);
    const list = row.slice(row.indexOf('class="change-list"'));
    expect(list).toContain('发布：支部概况新版本');
    expect(list).toContain('数据（未达成）：党员参学率 6月 60%');
    expect(list).toContain('数据 ×5');
    expect(list).toContain(`href="/units/${w.branch.code}/board"`);
    // the publication and the miss come before the routine line, although the readings are newer
    expect(list.indexOf('发布：')).toBeLessThan(list.indexOf('数据 ×5'));
    expect(list.indexOf('未达成')).toBeLessThan(list.indexOf('数据 ×5'));
    expect(row).not.toContain('另有');
  });

  it('computes its rows once per data generation for a sitting, and shows a new publication at the very next look', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    await office.get('/review');
    const again = await office.get('/review');
    expect(rowOf(again.text, w.branch.name)).not.toContain('发布：刚发布的页面');
    // the rows are kept for the generation and the sitting's "since": no signal or change source is asked again
    const asked = lastRequestStatements().join('\n');
    expect(asked).toContain('"ReviewMarker"');
    expect(asked).not.toContain('"ModuleDef"');
    expect(asked).not.toContain('"Countermeasure"');
    await publishPage(w.branch.id, w.secretary.id, '刚发布的页面');
    expect(rowOf((await office.get('/review')).text, w.branch.name)).toContain('发布：刚发布的页面');
  });

  it('filters by location and factory, and has compact and print views', async () => {
    const w = await makeBranchWorld();
    const far = await makeUnit({ parentId: w.committee.id, location: '襄阳', factory: '总装厂' });
    const office = await loginAs(w.office.username);
    const res = await office.get(`/review?location=${encodeURIComponent('襄阳')}`);
    expect(res.text).toContain(far.name);
    expect(res.text).not.toContain(w.branch.name);
    expect((await office.get('/review?view=compact')).text).toContain('compact-view');
    expect((await office.get('/review?view=print')).text).toContain('print-view');
    expect((await office.get('/review?since=not-a-date&view=<script>')).status).toBe(200);
  });

  it('costs the same number of SQL queries for a dozen branches as for two hundred', async () => {
    const w = await makeBranchWorld();
    const office = await loginAs(w.office.username);
    await office.get('/review');
    const before = sqlQueries(await coldGet(office, '/review'));
    const stmts1 = shapes(lastRequestStatements());
    const db = testDb();
    const units = await db.unit.createManyAndReturn({
      data: Array.from({ length: 200 }, (_, i) => ({
        code: `bulk${w.branch.code}${i}`,
        name: `批量支部${i}`,
        kind: 'BRANCH' as const,
        parentId: w.committee.id,
        location: '十堰',
        factory: '部件一厂',
      })),
    });
    await db.countermeasure.createMany({
      data: units.map((u) => ({
        unitId: u.id,
        source: 'OTHER' as const,
        problem: '批量',
        dueDate: new Date('2020-01-01'),
        createdById: w.office.id,
      })),
    });
    for (const u of units.slice(0, 50)) await publishPage(u.id, w.office.id, `批量页面${u.code}`);
    const after = await coldGet(office, '/review');
    expect(after.text).toContain('批量支部199');
    expect(shapes(lastRequestStatements())).toEqual(stmts1);
    expect(sqlQueries(after)).toBe(before);
  });
});

describe('a unit’s changes feed', () => {
  it('lists published pages with a link to the comparison, for every logged-in person', async () => {
    const w = await makeBranchWorld();
    const item = await publishPage(w.branch.id, w.secretary.id, '第一版');
    const db = testDb();
    await db.revision.updateMany({ where: { itemId: item.id }, data: { status: 'SUPERSEDED' } });
    const rev = await db.revision.create({
      data: { itemId: item.id, number: 2, status: 'PUBLISHED', title: '第二版', authorId: w.secretary.id, reviewedAt: new Date() },
    });
    await db.contentItem.update({ where: { id: item.id }, data: { publishedRevisionId: rev.id, headNumber: 2 } });
    expect((await anonymous().get(`/units/${w.branch.code}/changes`)).status).toBe(303);
    const res = await (await loginAs(w.staff.username)).get(`/units/${w.branch.code}/changes`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('更新：第二版');
    expect(res.text).toContain(`/units/${w.branch.code}/modules/overview/revisions?a=1&amp;b=2`);
    expect(res.text).toContain(w.secretary.displayName);
  });
});
