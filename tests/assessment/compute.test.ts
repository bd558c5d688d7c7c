import { afterEach, describe, expect, it } from 'vitest';
import { findScheme, quarterSheet } from '../../src/domain/assessment/assessment.queries.js';
import { computeRound } from '../../src/domain/assessment/compute.service.js';
import { INFO_UPDATES_SOURCE, publishedRevisionCount } from '../../src/domain/assessment/info-updates.js';
import { publishRound, saveHandScores } from '../../src/domain/assessment/round.service.js';
import { ValidationError } from '../../src/domain/errors.js';
import type { CriterionMethod } from '../../src/generated/prisma/enums.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

// Scheme years are unique in the worker's shared database: this file uses 2301–2309.
const YEAR = 2301;
const D = (m: number, d: number, h = 0) => new Date(Date.UTC(YEAR, m - 1, d, h));
const NOW = new Date(Date.UTC(YEAR + 1, 0, 20));

afterEach(() => {
  INFO_UPDATES_SOURCE.count = publishedRevisionCount;
});

const METHODS: { title: string; method: CriterionMethod; weight: number; maxScore: number; norm?: number }[] = [
  { title: '按时报数', method: 'ON_TIME_REPORTING', weight: 15, maxScore: 15 },
  { title: '目标达成', method: 'TARGETS_MET', weight: 25, maxScore: 25 },
  { title: '整改按期关闭', method: 'PDCA_ON_TIME', weight: 15, maxScore: 15 },
  { title: '检查问题按期整改', method: 'FINDINGS_ON_TIME', weight: 10, maxScore: 10 },
  { title: '模块及时更新', method: 'MODULES_CURRENT', weight: 15, maxScore: 15 },
  { title: '信息报送', method: 'INFO_UPDATES', weight: 10, maxScore: 10, norm: 4 },
  { title: '党建工作实绩', method: 'MANUAL', weight: 10, maxScore: 10 },
];

async function scheme(year: number) {
  await testDb().assessmentScheme.create({ data: { year, criteria: { create: METHODS.map((m, i) => ({ ...m, sortOrder: i })) } } });
  return (await findScheme(testDb(), year))!;
}

/** Publishes revisions of one page of `moduleKey` at the given times and statuses. */
async function page(
  unitId: number,
  authorId: number,
  moduleKey: string,
  revs: { status: 'PUBLISHED' | 'SUPERSEDED' | 'TAKEN_DOWN'; at: Date }[],
) {
  const db = testDb();
  const mod = await db.moduleDef.findFirstOrThrow({ where: { key: moduleKey, template: { key: 'branch' } } });
  const item = await db.contentItem.create({
    data: { unitId, moduleId: mod.id, kind: mod.kind === 'RECORDS' ? 'RECORD' : 'PAGE', title: moduleKey, headNumber: revs.length },
  });
  for (const [i, r] of revs.entries()) {
    await db.revision.create({
      data: {
        itemId: item.id,
        number: i + 1,
        status: r.status,
        title: moduleKey,
        authorId,
        createdAt: r.at,
        reviewedAt: r.at,
        reviewedById: authorId,
      },
    });
  }
}

/**
 * Branch A: a monthly target (Q1: January on time and met, February late and at risk, March missing; April is
 * another quarter), a quarterly challenge target reported on time beyond its stretch, an archived target;
 * countermeasures closed on time, closed late, open past due (two of them findings), one due in Q2; a page
 * published in Q1 and updated twice (the last taken down), one published after the quarter.
 * Branch B: nothing at all.
 */
async function world() {
  const w = await makeBranchWorld();
  const db = testDb();
  const { branch: a, other: b, secretary, office } = w;
  const monthly = await db.target.create({
    data: {
      unitId: a.id,
      year: YEAR,
      kind: 'MUST',
      title: '安全隐患整改率',
      measure: '整改率',
      uom: '%',
      direction: 'HIGHER',
      targetValue: 100,
      period: 'MONTHLY',
    },
  });
  await db.measurement.createMany({
    data: [
      { targetId: monthly.id, period: 1, actual: 100, reportedById: secretary.id, reportedAt: D(2, 3) },
      { targetId: monthly.id, period: 2, actual: 95, late: true, reportedById: secretary.id, reportedAt: D(3, 25) },
      { targetId: monthly.id, period: 4, actual: 100, reportedById: secretary.id, reportedAt: D(5, 2) },
    ],
  });
  const quarterly = await db.target.create({
    data: {
      unitId: a.id,
      year: YEAR,
      kind: 'CHALLENGE',
      title: '质量事故',
      measure: '起数',
      uom: '起',
      direction: 'LOWER',
      targetValue: 5,
      stretchValue: 3,
      period: 'QUARTERLY',
    },
  });
  await db.measurement.create({ data: { targetId: quarterly.id, period: 1, actual: 2, reportedById: secretary.id, reportedAt: D(4, 5) } });
  const archived = await db.target.create({
    data: {
      unitId: a.id,
      year: YEAR,
      kind: 'MUST',
      title: '已归档',
      measure: 'x',
      uom: 'x',
      direction: 'HIGHER',
      targetValue: 1,
      period: 'QUARTERLY',
      archivedAt: D(1, 1),
    },
  });
  await db.measurement.create({ data: { targetId: archived.id, period: 1, actual: 0, late: true, reportedById: secretary.id } });
  const cm = (source: 'OTHER' | 'FINDING', due: Date, closedAt: Date | null) => ({
    unitId: a.id,
    source,
    problem: '整改',
    dueDate: due,
    stage: closedAt ? ('CLOSED' as const) : ('DO' as const),
    closedAt,
    createdById: office.id,
  });
  await db.countermeasure.createMany({
    data: [
      cm('OTHER', D(2, 28), D(2, 28, 15)),
      cm('FINDING', D(3, 10), D(3, 12)),
      cm('FINDING', D(3, 20), null),
      cm('OTHER', D(5, 1), null),
    ],
  });
  await page(a.id, secretary.id, 'overview', [
    { status: 'SUPERSEDED', at: D(1, 15) },
    { status: 'PUBLISHED', at: D(3, 26) },
    { status: 'TAKEN_DOWN', at: D(3, 28) },
  ]);
  await page(a.id, secretary.id, 'plan', [{ status: 'PUBLISHED', at: D(4, 10) }]);
  const tracked = await db.moduleDef.count({ where: { template: { key: 'branch' }, kind: { in: ['PAGE', 'RECORDS'] }, retiredAt: null } });
  return { ...w, a, b, tracked };
}

function ratiosOf(sheet: Awaited<ReturnType<typeof quarterSheet>>, unitId: number) {
  const row = sheet.rows.find((r) => r.unit.id === unitId)!;
  return Object.fromEntries(sheet.criteria.map((c) => [c.method, row.cells.get(c.id)]));
}

describe('computing a quarter from the data', () => {
  it('fills every computed criterion of every branch with its ratio, score and note, and leaves hand scores alone', async () => {
    const w = await world();
    const s = await scheme(YEAR);
    const manual = s.criteria.find((c) => c.method === 'MANUAL')!;
    await saveHandScores(testDb(), {
      scheme: s,
      quarter: 1,
      actorId: w.office.id,
      cells: [{ unitId: w.a.id, criterionId: manual.id, score: 8, comment: '工作扎实' }],
    });
    await computeRound(testDb(), { scheme: s, quarter: 1, actorId: w.office.id, now: NOW });
    const sheet = await quarterSheet(testDb(), (await findScheme(testDb(), YEAR))!, 1);
    const a = ratiosOf(sheet, w.a.id);
    // due: Jan, Feb, Mar (monthly) + Q1 (quarterly) = 4; on time: Jan and Q1
    expect(a.ON_TIME_REPORTING).toMatchObject({ ratio: 0.5, value: 7.5, comment: '按时上报 2/4 个期次' });
    // reported: Jan (met), Feb (at risk), Q1 (stretch) → 2 of 3
    expect(a.TARGETS_MET!.ratio).toBeCloseTo(2 / 3);
    expect(a.TARGETS_MET!.value).toBeCloseTo(25 * (2 / 3));
    // due in Q1: closed on the due date, closed two days late, open past due → 1 of 3; findings 0 of 2
    expect(a.PDCA_ON_TIME!.ratio).toBeCloseTo(1 / 3);
    expect(a.FINDINGS_ON_TIME).toMatchObject({ ratio: 0, value: 0, comment: '检查问题按期关闭 0/2 项' });
    // one module published before the quarter ended (its last publication before the take-down, 26 March)
    expect(a.MODULES_CURRENT!.ratio).toBeCloseTo(1 / w.tracked);
    // two publications in Q1 (the taken-down one does not count), norm 4
    expect(a.INFO_UPDATES).toMatchObject({ ratio: 0.5, value: 5, comment: '报送 2 条（4 条得满分）' });
    expect(a.MANUAL).toMatchObject({ ratio: null, value: 8, comment: '工作扎实' });

    const b = ratiosOf(sheet, w.b.id);
    expect(b.ON_TIME_REPORTING).toMatchObject({ ratio: 0, comment: '本季度没有到期的目标数据' });
    expect(b.TARGETS_MET!.ratio).toBe(0);
    expect(b.PDCA_ON_TIME).toMatchObject({ ratio: 1, value: 15, comment: '本季度没有到期的整改事项' });
    expect(b.FINDINGS_ON_TIME).toMatchObject({ value: 10, comment: '本季度没有到期的检查问题' });
    expect(b.MODULES_CURRENT!.ratio).toBe(0);
    expect(b.MANUAL).toBeUndefined();

    // total = Σ(score/max × weight) / Σweight × 100
    const expected = ((0.5 * 15 + (2 / 3) * 25 + (1 / 3) * 15 + 0 + (1 / w.tracked) * 15 + 0.5 * 10 + 0.8 * 10) / 100) * 100;
    expect(sheet.rows.find((r) => r.unit.id === w.a.id)!.total).toBeCloseTo(expected);
    expect(sheet.rows.find((r) => r.unit.id === w.b.id)!.total).toBeCloseTo(25);

    // computing again replaces, never duplicates
    await computeRound(testDb(), { scheme: s, quarter: 1, actorId: w.office.id, now: NOW });
    expect(await testDb().assessmentScore.count({ where: { unitId: w.a.id, round: { schemeId: s.id } } })).toBe(7);
  });

  it('takes the information updates from a swappable source (the statistics will replace it)', async () => {
    const w = await world();
    const s = await scheme(YEAR + 1);
    INFO_UPDATES_SOURCE.count = async (_db, q) => new Map(q.unitIds.map((id) => [id, id === w.b.id ? 9 : 1]));
    await computeRound(testDb(), { scheme: s, quarter: 2, actorId: w.office.id, now: NOW });
    const sheet = await quarterSheet(testDb(), (await findScheme(testDb(), YEAR + 1))!, 2);
    expect(ratiosOf(sheet, w.b.id).INFO_UPDATES).toMatchObject({ ratio: 1, value: 10 });
    expect(ratiosOf(sheet, w.a.id).INFO_UPDATES!.ratio).toBe(0.25);
  });

  it('skips archived branches and refuses to compute a published quarter', async () => {
    const w = await world();
    const s = await scheme(YEAR + 2);
    await testDb().unit.update({ where: { id: w.b.id }, data: { archivedAt: new Date() } });
    await computeRound(testDb(), { scheme: s, quarter: 1, actorId: w.office.id, now: NOW });
    expect(await testDb().assessmentScore.count({ where: { unitId: w.b.id } })).toBe(0);
    await publishRound(testDb(), { scheme: s, quarter: 1, actorId: w.office.id });
    await expect(computeRound(testDb(), { scheme: s, quarter: 1, actorId: w.office.id, now: NOW })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('the information-updates criterion', () => {
  it('takes the published quarterly statistics when there are some, the live count before', async () => {
    const { statisticsOrLiveCount } = await import('../../src/domain/assessment/info-updates.js');
    const w = await makeBranchWorld();
    const q = {
      unitIds: [w.branch.id],
      year: 2308,
      quarter: 2,
      start: new Date(Date.UTC(2308, 3, 1)),
      end: new Date(Date.UTC(2308, 6, 1)),
    };
    expect((await statisticsOrLiveCount(testDb(), q)).get(w.branch.id) ?? 0).toBe(0);
    const stats = await testDb().statsQuarter.create({
      data: { year: 2308, quarter: 2, status: 'DRAFT', computedAt: new Date(), computedById: w.office.id },
    });
    await testDb().statsUnitRow.create({
      data: {
        quarterId: stats.id,
        unitId: w.branch.id,
        unitCode: w.branch.code,
        unitName: w.branch.name,
        unitKind: 'BRANCH',
        updates: 7,
        modulesCurrent: 0,
        modulesTracked: 0,
        featured: 0,
        sentBack: 0,
        takenDown: 0,
        reviewCount: 0,
        reviewHours: 0,
        qualityScore: 0,
      },
    });
    // a draft is not what people have seen: still the live count
    expect((await statisticsOrLiveCount(testDb(), q)).get(w.branch.id) ?? 0).toBe(0);
    await testDb().statsQuarter.update({ where: { id: stats.id }, data: { status: 'PUBLISHED', publishedAt: new Date() } });
    expect((await statisticsOrLiveCount(testDb(), q)).get(w.branch.id)).toBe(7);
  });
});
