import { describe, expect, it } from 'vitest';
import { lastRequestStatements } from '../../src/db/query-counter.js';
import { coldGet, loginAs, postForm, sqlQueries } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit } from '../helpers/factories.js';

// Scheme years are unique in the worker's shared database: this file uses 2401.
const YEAR = 2401;

/** Statements with their parameter lists folded, so a longer IN (…) reads as the same query. */
const shapes = (s: string[]) =>
  s
    .map((q) =>
      q
        .replace(/\$\d+(,\s*\$\d+)*/g, '…')
        .replace(/\s+/g, ' ')
        .slice(0, 90),
    )
    .sort();

/** A branch with a target reported, a countermeasure due and a page published in Q1, so every reader finds rows. */
async function busyBranch(parentId: number, authorId: number) {
  const db = testDb();
  const unit = await makeUnit({ parentId });
  const target = await db.target.create({
    data: {
      unitId: unit.id,
      year: YEAR,
      kind: 'MUST',
      title: '目标',
      measure: 'x',
      uom: '%',
      direction: 'HIGHER',
      targetValue: 90,
      period: 'MONTHLY',
    },
  });
  await db.measurement.create({ data: { targetId: target.id, period: 1, actual: 95, reportedById: authorId } });
  await db.countermeasure.create({
    data: { unitId: unit.id, source: 'FINDING', problem: '问题', dueDate: new Date(Date.UTC(YEAR, 1, 1)), createdById: authorId },
  });
  const mod = await db.moduleDef.findFirstOrThrow({ where: { key: 'overview', template: { key: 'branch' } } });
  const item = await db.contentItem.create({ data: { unitId: unit.id, moduleId: mod.id, kind: 'PAGE', title: '概况', headNumber: 1 } });
  await db.revision.create({
    data: { itemId: item.id, number: 1, status: 'PUBLISHED', title: '概况', authorId, reviewedAt: new Date(Date.UTC(YEAR, 1, 1)) },
  });
}

describe('the assessment pages cost a fixed number of SQL queries', () => {
  it('for the overview, the scoring sheet, computing and the module, with 3 or 30 more branches', async () => {
    const office = await makePerson({ roles: [{ role: 'OFFICE' }] });
    const agent = await loginAs(office.username);
    const committee = await makeUnit({ kind: 'COMMITTEE' });
    await testDb().assessmentScheme.create({
      data: {
        year: YEAR,
        criteria: {
          create: (
            ['MANUAL', 'ON_TIME_REPORTING', 'TARGETS_MET', 'PDCA_ON_TIME', 'FINDINGS_ON_TIME', 'MODULES_CURRENT', 'INFO_UPDATES'] as const
          ).map((method, i) => ({
            title: `考核${i}`,
            method,
            weight: 10,
            maxScore: 10,
            norm: method === 'INFO_UPDATES' ? 5 : null,
            sortOrder: i,
          })),
        },
      },
    });
    const sheet = `/assessment/${YEAR}/q/1`;
    const urls = [`/assessment?year=${YEAR}`, sheet, `/units/${committee.code}/modules/assessment?year=${YEAR}`];
    const measure = async () => {
      const compute = await postForm(agent, `${sheet}/compute`, {}, sheet);
      expect(compute.status).toBe(303);
      const computeStatements = shapes(lastRequestStatements());
      const pages: number[] = [];
      const statements: string[][] = [computeStatements];
      for (const url of urls) {
        const res = await coldGet(agent, url);
        expect(res.status, url).toBe(200);
        pages.push(sqlQueries(res));
        statements.push(shapes(lastRequestStatements()));
      }
      return { counts: [sqlQueries(compute), ...pages], statements };
    };
    for (let i = 0; i < 3; i++) await busyBranch(committee.id, office.id);
    await measure(); // the first compute creates the round
    const small = await measure();
    for (let i = 0; i < 27; i++) await busyBranch(committee.id, office.id);
    const large = await measure();
    expect(large.statements).toEqual(small.statements);
    expect(large.counts).toEqual(small.counts);
    const ours = (await testDb().unit.findMany({ where: { parentId: committee.id }, select: { id: true } })).map((u) => u.id);
    expect(await testDb().assessmentScore.count({ where: { round: { scheme: { year: YEAR } }, unitId: { in: ours } } })).toBe(30 * 6);
  });
});
