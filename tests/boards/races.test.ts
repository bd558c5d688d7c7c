import { afterEach, describe, expect, it, vi } from 'vitest';
import { standOnReportingDay } from './clock.js';
import { loginAs, postConcurrently } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

// Saves of the same thing at the same instant (a double click, two tabs, the secretary and the office together):
// each ends as a normal save, one row holds it, and every save is in the audit log once. Several keys in a row, so
// that a race won by chance in one of them still shows in another.
const ROUNDS = 6;
const year = new Date().getUTCFullYear();

describe('simultaneous saves on the board', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('of a month’s diagnosis never answer 500: one row per month, holding submitted texts, each save audited once', async () => {
    const w = await makeBranchWorld();
    const boardUrl = `/units/${w.branch.code}/board`;
    const [secretary, office] = await Promise.all([loginAs(w.secretary.username), loginAs(w.office.username)]);
    for (let month = 1; month <= ROUNDS; month++) {
      const selfTexts = [1, 2, 3].map((i) => `${month}月自我诊断第${i}稿`);
      const officeTexts = [1, 2, 3].map((i) => `${month}月党委办公室评价第${i}稿`);
      const answers = (
        await Promise.all([
          postConcurrently(
            secretary,
            `${boardUrl}/diagnosis`,
            selfTexts.map((text) => ({ month: String(month), text })),
            boardUrl,
          ),
          postConcurrently(
            office,
            `${boardUrl}/evaluation`,
            officeTexts.map((text) => ({ month: String(month), rating: 'FAIR', text })),
            boardUrl,
          ),
        ])
      ).flat();
      expect(
        answers.map((r) => r.status),
        `${month}月`,
      ).toEqual(answers.map(() => 303));
      const rows = await testDb().diagnosis.findMany({ where: { unitId: w.branch.id, year, month } });
      expect(rows).toHaveLength(1);
      expect(selfTexts).toContain(rows[0].selfText);
      expect(officeTexts).toContain(rows[0].officeText);
      expect(rows[0].officeRating).toBe('FAIR');
      const audited = await testDb().auditLog.groupBy({
        by: ['action'],
        where: { entityType: 'Diagnosis', entityId: String(rows[0].id) },
        _count: { _all: true },
      });
      expect(Object.fromEntries(audited.map((a) => [a.action, a._count._all]))).toEqual({
        'board.self_diagnosis': 3,
        'board.office_evaluation': 3,
      });
    }
  });

  it('of a period’s figure never answer 500: one measurement, holding a submitted value, each report audited once', async () => {
    const { due } = standOnReportingDay();
    const w = await makeBranchWorld();
    const targets = await Promise.all(
      Array.from({ length: ROUNDS }, (_, i) =>
        testDb().target.create({
          data: {
            unitId: w.branch.id,
            year: due.year,
            kind: 'MUST',
            title: `党员参学率${i + 1}`,
            measure: '参学 ÷ 应参学',
            uom: '%',
            direction: 'HIGHER',
            targetValue: 100,
            period: 'MONTHLY',
          },
        }),
      ),
    );
    const info = await loginAs(w.infoOfficer.username);
    const boardUrl = `/units/${w.branch.code}/board`;
    const values = ['96', '97', '98', '99', '100'];
    for (const t of targets) {
      const answers = await postConcurrently(
        info,
        `${boardUrl}/targets/${t.id}/measurements`,
        values.map((actual) => ({ period: String(due.month), actual })),
        boardUrl,
      );
      expect(
        answers.map((r) => r.status),
        t.title,
      ).toEqual(values.map(() => 303));
      const rows = await testDb().measurement.findMany({ where: { targetId: t.id, period: due.month } });
      expect(rows).toHaveLength(1);
      expect(values).toContain(String(rows[0].actual));
      expect(
        await testDb().auditLog.count({
          where: { action: 'board.measurement_recorded', entityType: 'Measurement', entityId: String(rows[0].id) },
        }),
      ).toBe(values.length);
    }
  });
});
