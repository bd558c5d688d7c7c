import { describe, expect, it } from 'vitest';
import { loadSessionUser } from '../../src/domain/auth/login.service.js';
import { saveRevision } from '../../src/domain/content/content.service.js';
import { sendBack } from '../../src/domain/content/review.service.js';
import { ValidationError } from '../../src/domain/errors.js';
import { quarterOf } from '../../src/domain/stats/quarters.js';
import { computeFigures } from '../../src/domain/stats/stats.compute.js';
import { publishedInfoUpdates } from '../../src/domain/stats/stats.queries.js';
import { computeQuarter, publishQuarter, rateUnits } from '../../src/domain/stats/stats.service.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makeUnit } from '../helpers/factories.js';
import { makeItem, sendBackAt, trackedModules } from './stats-helpers.js';

const user = async (id: number) => (await loadSessionUser(testDb(), id))!;

/**
 * A branch's second quarter of 2003 (1 April – 30 June, UTC), built by hand: publications just inside and just
 * outside the quarter, a take-down, send-backs (one resubmitted since), drafts, featured work old and new, a
 * deleted record, and modules current or stale at the quarter's end.
 */
async function world2003() {
  const w = await makeBranchWorld();
  const u = w.branch.id;
  const a = w.secretary.id;
  // overview (yearly): first published in Q1, updated on the quarter's first instant after 48 hours in review
  await makeItem(u, a, 'overview', [
    { status: 'SUPERSEDED', at: '2003-03-31T23:59:59.999Z' },
    { status: 'PUBLISHED', submittedAt: '2003-03-30T00:00:00Z', at: '2003-04-01T00:00:00Z' },
  ]);
  // meetings (monthly): one on the quarter's last instant, one on the next quarter's first
  await makeItem(u, a, 'meetings', [{ status: 'PUBLISHED', at: '2003-06-30T23:59:59.999Z' }]);
  await makeItem(u, a, 'meetings', [{ status: 'PUBLISHED', at: '2003-07-01T00:00:00Z' }]);
  // featured work: a new record published in May (directly), an old one (Q1) updated in June
  await makeItem(u, a, 'featured', [{ status: 'PUBLISHED', at: '2003-05-10T08:00:00Z' }]);
  await makeItem(u, a, 'featured', [
    { status: 'SUPERSEDED', at: '2003-02-10T08:00:00Z' },
    { status: 'PUBLISHED', at: '2003-06-10T08:00:00Z' },
  ]);
  // news: its only publication was taken down in the quarter (module left empty)
  await makeItem(u, a, 'news', [{ status: 'TAKEN_DOWN', submittedAt: '2003-04-20T00:00:00Z', at: '2003-05-02T00:00:00Z' }]);
  // rules (yearly): published last September, still current; plan (yearly): published 18 months ago, overdue
  await makeItem(u, a, 'rules', [{ status: 'PUBLISHED', at: '2002-09-01T00:00:00Z' }]);
  await makeItem(u, a, 'plan', [{ status: 'PUBLISHED', at: '2002-01-01T00:00:00Z' }]);
  // study: published in the quarter, but the item is deleted
  await makeItem(u, a, 'study', [{ status: 'PUBLISHED', at: '2003-05-05T00:00:00Z' }], { deleted: true });
  // drafts and a draft waiting for review do not count
  await makeItem(u, a, 'summary', [
    { status: 'DRAFT', createdAt: '2003-05-01T00:00:00Z' },
    { status: 'SUBMITTED', submittedAt: '2003-05-02T00:00:00Z' },
  ]);
  // send-backs: one still sent back (24 hours in review), one resubmitted since, one in the next quarter
  await sendBackAt(u, a, '2003-06-02T00:00:00Z', { revision: { submittedAt: '2003-06-01T00:00:00Z' } });
  await sendBackAt(u, a, '2003-04-15T00:00:00Z');
  await sendBackAt(u, a, '2003-07-02T00:00:00Z');
  return w;
}

describe('computing a quarter (a small hand-built world)', () => {
  it('counts publications, take-downs, send-backs, featured work, review time and current modules of the quarter only', async () => {
    const w = await world2003();
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id });
    const archived = await makeUnit({ parentId: w.committee.id, archived: true });
    const rows = await computeFigures(testDb(), { year: 2003, quarter: 2 });
    const row = rows.find((r) => r.unitId === w.branch.id)!;
    const tracked = await trackedModules();
    expect(row).toMatchObject({
      unitCode: w.branch.code,
      updates: 4, // overview v2, the June meeting, the new featured record, the featured update
      takenDown: 1,
      sentBack: 2,
      featured: 1,
      reviewCount: 2, // overview v2 (48 h) and the sent-back draft (24 h); the take-down is not a review
      modulesCurrent: 4, // overview, meetings, featured, rules
      modulesTracked: tracked,
    });
    expect(row.reviewHours).toBeCloseTo(72, 6);
    // 100 − 30 × 2/6 − 40 × (tracked − 4)/tracked − 10 for the take-down; the review average (36 h) costs nothing
    expect(row.qualityScore).toBe(Math.round(100 - 10 - (40 * (tracked - 4)) / tracked - 10));

    // the other branch did nothing: no updates, every module empty
    const other = rows.find((r) => r.unitId === w.other.id)!;
    expect(other).toMatchObject({ updates: 0, sentBack: 0, featured: 0, modulesCurrent: 0, reviewCount: 0, reviewHours: 0 });
    expect(other.qualityScore).toBe(40); // 100 − 40 for empty modules, capped at 40 for publishing nothing
    // the committee is covered with its own template; party groups and archived units are not
    expect(rows.find((r) => r.unitId === w.committee.id)?.modulesTracked).toBe(await trackedModules('committee'));
    expect(rows.some((r) => r.unitId === group.id || r.unitId === archived.id)).toBe(false);
  });

  it('counts what the real review services record (a draft submitted and sent back)', async () => {
    const w = await makeBranchWorld();
    const [info, sec] = [await user(w.infoOfficer.id), await user(w.secretary.id)];
    const m = await testDb().moduleDef.findFirstOrThrow({ where: { key: 'news', template: { key: 'branch' } } });
    const unit = { ...w.branch };
    const draft = await saveRevision(testDb(), {
      unit,
      moduleId: m.id,
      kind: 'RECORD',
      baseNumber: 0,
      title: '支部动态',
      body: '',
      fields: {},
      intent: 'submit',
      actor: info,
    });
    await sendBack(testDb(), { unit, itemId: draft.itemId, actor: sec, reason: '请补充照片' });
    await saveRevision(testDb(), {
      unit,
      moduleId: m.id,
      kind: 'RECORD',
      itemId: draft.itemId,
      baseNumber: 1,
      title: '支部动态（修改）',
      body: '',
      fields: {},
      intent: 'publish',
      actor: sec,
    });
    const row = (await computeFigures(testDb(), quarterOf(new Date()))).find((r) => r.unitId === w.branch.id)!;
    expect(row).toMatchObject({ updates: 1, sentBack: 1, reviewCount: 1 });
  });
});

describe('the snapshot: draft, rated, published, frozen', () => {
  it('recomputes a draft (keeping ratings), publishes once all are rated, and never changes afterwards', async () => {
    const w = await world2003();
    const office = await user(w.office.id);
    const q = { year: 2003, quarter: 2 };
    const unitIds = [w.branch.id, w.other.id];

    expect(await publishedInfoUpdates(testDb(), { ...q, unitIds })).toBeNull();
    await computeQuarter(testDb(), { ...q, actor: office });
    const quarter = await testDb().statsQuarter.findUniqueOrThrow({ where: { year_quarter: q } });
    expect(quarter.status).toBe('DRAFT');
    expect(await publishedInfoUpdates(testDb(), { ...q, unitIds })).toBeNull();

    await rateUnits(testDb(), { ...q, actor: office, ratings: [{ unitId: w.branch.id, rating: 'GOOD', comment: '更新及时' }] });
    // new content in the quarter arrives while it is a draft: a recompute picks it up and keeps the rating
    await makeItem(w.branch.id, w.secretary.id, 'news', [{ status: 'PUBLISHED', at: '2003-06-15T00:00:00Z' }]);
    await computeQuarter(testDb(), { ...q, actor: office });
    const branchRow = () =>
      testDb().statsUnitRow.findUniqueOrThrow({ where: { quarterId_unitId: { quarterId: quarter.id, unitId: w.branch.id } } });
    expect(await branchRow()).toMatchObject({ updates: 5, rating: 'GOOD', ratingComment: '更新及时', ratedById: w.office.id });

    // publishing needs every unit rated
    await expect(publishQuarter(testDb(), { ...q, actor: office })).rejects.toThrow(/未评定等级/);
    await testDb().statsUnitRow.updateMany({ where: { quarterId: quarter.id, rating: null }, data: { rating: 'FAIR' } });
    await publishQuarter(testDb(), { ...q, actor: office });
    expect(Object.fromEntries((await publishedInfoUpdates(testDb(), { ...q, unitIds: [...unitIds, 999999999] }))!)).toEqual({
      [w.branch.id]: 5,
      [w.other.id]: 0,
    });

    // after publishing: more content for the quarter changes nothing, and neither recompute nor rating is accepted
    await makeItem(w.branch.id, w.secretary.id, 'news', [{ status: 'PUBLISHED', at: '2003-06-20T00:00:00Z' }]);
    const before = await branchRow();
    await expect(computeQuarter(testDb(), { ...q, actor: office })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      rateUnits(testDb(), { ...q, actor: office, ratings: [{ unitId: w.branch.id, rating: 'POOR', comment: '' }] }),
    ).rejects.toThrow(/已发布/);
    expect(await branchRow()).toEqual(before);
    expect((await publishedInfoUpdates(testDb(), { ...q, unitIds }))!.get(w.branch.id)).toBe(5);
    const actions = await testDb().auditLog.findMany({
      where: { entityType: 'StatsQuarter', entityId: String(quarter.id) },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(['stats.computed', 'stats.rated', 'stats.recomputed', 'stats.published']);
  });

  it('refuses a quarter that has not ended, and anyone but the office', async () => {
    const w = await makeBranchWorld();
    const now = quarterOf(new Date());
    await expect(computeQuarter(testDb(), { ...now, actor: await user(w.office.id) })).rejects.toThrow(/尚未结束/);
    await expect(computeQuarter(testDb(), { year: 2004, quarter: 1, actor: await user(w.secretary.id) })).rejects.toThrow(/只有党务室/);
  });
});
