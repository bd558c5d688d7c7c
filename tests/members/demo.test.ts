import { describe, expect, it } from 'vitest';
import { tally } from '../../src/domain/appraisal/appraisal.queries.js';
import { duesSheet } from '../../src/domain/dues/dues.queries.js';
import { monthsUpTo, thisMonth } from '../../src/domain/dues/months.js';
import { pipelineOf } from '../../src/domain/recruitment/recruitment.queries.js';
import { seededDemoDatabase } from '../helpers/demo-db.js';

const demo = seededDemoDatabase('seedmembers');

describe("the demo's members' party affairs", () => {
  it('has a year of dues sheets, people at every recruitment stage with steps due, and last year’s appraisal', async () => {
    const db = demo().prisma;
    const b01 = await db.unit.findUniqueOrThrow({ where: { code: 'b01' } });
    for (const month of monthsUpTo(thisMonth(), 13).slice(0, 12)) {
      const sheet = await duesSheet(db, b01, month);
      expect(sheet.rows.length, month).toBeGreaterThan(5);
      expect(
        sheet.rows.every((r) => r.due && r.paid),
        month,
      ).toBe(true);
    }
    const last = await duesSheet(db, b01, monthsUpTo(thisMonth(), 2)[0]);
    expect(last.totals.membersPaid).toBeLessThan(last.totals.membersDue);

    const branches = await db.unit.findMany({ where: { kind: 'BRANCH' }, select: { id: true } });
    const pipeline = await pipelineOf(
      db,
      branches.map((b) => b.id),
    );
    expect(new Set(pipeline.map((p) => p.partyStatus))).toEqual(new Set(['APPLICANT', 'ACTIVIST', 'CANDIDATE', 'PROBATIONARY']));
    const b01Steps = pipeline.filter((p) => p.unitId === b01.id).flatMap((p) => p.next);
    expect(b01Steps.some((n) => n.kind === 'FULL' && n.soon)).toBe(true);
    expect(b01Steps.some((n) => n.kind === 'APPROVAL' && n.due)).toBe(true);
    expect(pipeline.flatMap((p) => p.next).some((n) => n.kind === 'ASSESSMENT' && n.overdue)).toBe(true);
    expect(pipeline.flatMap((p) => p.next).some((n) => n.kind === 'TALK' && n.overdue)).toBe(true);

    const round = await db.appraisalRound.findUniqueOrThrow({
      where: { unitId_year: { unitId: b01.id, year: new Date().getFullYear() - 1 } },
    });
    const counts = await tally(db, round.id);
    expect(counts.size).toBeGreaterThan(5);
    expect(await db.appraisalSubject.count({ where: { roundId: round.id, finalGrade: { not: null } } })).toBeGreaterThan(5);
  });
});
