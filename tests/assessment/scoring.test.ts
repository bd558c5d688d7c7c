import { describe, expect, it } from 'vitest';
import {
  closedOnTime,
  infoUpdates,
  modulesCurrent,
  onTimeReporting,
  periodsInQuarter,
  quarterBounds,
  targetsMet,
  type TargetData,
} from '../../src/domain/assessment/measures.js';
import {
  criterionScore,
  quarterTotal,
  ranks,
  yearResult,
  type ScoredCriterion,
  type StoredScore,
} from '../../src/domain/assessment/scoring.js';

const manual: ScoredCriterion = { id: 1, method: 'MANUAL', weight: 15, maxScore: 10 };
const computed: ScoredCriterion = { id: 2, method: 'PDCA_ON_TIME', weight: 5, maxScore: 20 };
const scores = (entries: [number, StoredScore][]) => new Map(entries);

describe('a criterion’s score', () => {
  it('is maxScore × ratio for computed criteria, the ratio kept to 0..1', () => {
    expect(criterionScore(computed, { score: 0, ratio: 0.5 })).toBe(10);
    expect(criterionScore(computed, { score: 0, ratio: 1.7 })).toBe(20);
    expect(criterionScore(computed, { score: 0, ratio: -0.2 })).toBe(0);
    expect(criterionScore(computed, { score: 0, ratio: NaN })).toBe(0);
  });
  it('is the hand score kept to 0..maxScore for manual criteria', () => {
    expect(criterionScore(manual, { score: 7.5, ratio: null })).toBe(7.5);
    expect(criterionScore(manual, { score: 12, ratio: null })).toBe(10);
    expect(criterionScore(manual, { score: -3, ratio: null })).toBe(0);
  });
  it('follows a new maximum: computed scores rescale from their ratio, hand scores are capped', () => {
    expect(criterionScore({ ...computed, maxScore: 40 }, { score: 10, ratio: 0.5 })).toBe(20);
    expect(criterionScore({ ...manual, maxScore: 5 }, { score: 8, ratio: null })).toBe(5);
  });
});

describe('a branch’s quarter total', () => {
  it('weights need not add up to 100: 15 and 5 weigh 3 : 1', () => {
    // full marks on the manual criterion, none on the computed one: 15 / 20 of the weight
    expect(
      quarterTotal(
        [manual, computed],
        scores([
          [1, { score: 10, ratio: null }],
          [2, { score: 0, ratio: 0 }],
        ]),
      ),
    ).toBe(75);
    expect(
      quarterTotal(
        [manual, computed],
        scores([
          [1, { score: 5, ratio: null }],
          [2, { score: 20, ratio: 1 }],
        ]),
      ),
    ).toBe(62.5);
  });
  it('recomputes when a weight changes (scores are stored, totals derived)', () => {
    const s = scores([
      [1, { score: 10, ratio: null }],
      [2, { score: 0, ratio: 0 }],
    ]);
    expect(quarterTotal([manual, computed], s)).toBe(75);
    expect(quarterTotal([{ ...manual, weight: 5 }, computed], s)).toBe(50);
    expect(
      quarterTotal(
        [
          { ...manual, weight: 5 },
          { ...computed, weight: 0 },
        ],
        s,
      ),
    ).toBe(100);
  });
  it('counts a criterion without a score as 0, and has no total when nothing was scored or nothing weighs', () => {
    expect(quarterTotal([manual, computed], scores([[2, { score: 20, ratio: 1 }]]))).toBe(25);
    expect(quarterTotal([manual, computed], new Map())).toBeNull();
    expect(quarterTotal([], scores([[1, { score: 10, ratio: null }]]))).toBeNull();
    expect(quarterTotal([{ ...manual, weight: 0 }], scores([[1, { score: 10, ratio: null }]]))).toBeNull();
  });
  it('ignores scores of criteria no longer in the scheme (retired)', () => {
    expect(
      quarterTotal(
        [manual],
        scores([
          [1, { score: 10, ratio: null }],
          [2, { score: 0, ratio: 0 }],
        ]),
      ),
    ).toBe(100);
  });
});

describe('the year result and the ranking', () => {
  it('is the mean of the published quarters; a partial year with only Q1 published is Q1', () => {
    expect(yearResult([82.5])).toBe(82.5);
    expect(yearResult([80, 90, null])).toBe(85);
    expect(yearResult([])).toBeNull();
    expect(yearResult([null, undefined])).toBeNull();
  });
  it('ranks highest first, ties share a rank and the next is skipped, unranked stay unranked', () => {
    expect(ranks([70, 90, 85, 85, null])).toEqual([4, 1, 2, 2, null]);
    // compared as shown, at two decimals
    expect(ranks([85.001, 84.999, 80])).toEqual([1, 1, 3]);
    expect(ranks([])).toEqual([]);
  });
});

describe('the computed criteria’s ratios', () => {
  const now = new Date(Date.UTC(2031, 0, 20));
  const monthly = (measurements: TargetData['measurements']): TargetData => ({
    kind: 'MUST',
    direction: 'HIGHER',
    targetValue: 100,
    stretchValue: null,
    period: 'MONTHLY',
    year: 2030,
    measurements,
  });

  it('maps monthly periods to the quarter of their month and quarterly ones to their quarter', () => {
    expect(periodsInQuarter('MONTHLY', 2)).toEqual([4, 5, 6]);
    expect(periodsInQuarter('QUARTERLY', 4)).toEqual([4]);
    expect(quarterBounds(2030, 4)).toEqual({ start: new Date(Date.UTC(2030, 9, 1)), end: new Date(Date.UTC(2031, 0, 1)) });
  });

  it('reporting on time: missing and late periods count against, a period still in its grace days does not', () => {
    const t = monthly([
      { period: 10, actual: 100, late: false },
      { period: 11, actual: 100, late: true },
    ]);
    expect(onTimeReporting([t], 4, now)).toMatchObject({ ratio: 1 / 3 });
    // on 5 January the December figure may still come: only October and November are due
    expect(onTimeReporting([t], 4, new Date(Date.UTC(2031, 0, 5))).ratio).toBe(0.5);
    expect(onTimeReporting([], 4, now)).toEqual({ ratio: 0, note: '本季度没有到期的目标数据' });
  });

  it('targets met: met or stretch among reported periods', () => {
    const t = monthly([
      { period: 10, actual: 100, late: false },
      { period: 11, actual: 95, late: false },
      { period: 1, actual: 10, late: false },
    ]);
    expect(targetsMet([t], 4).ratio).toBe(0.5);
    expect(targetsMet([t], 2).ratio).toBe(0);
  });

  it('closed on time: by the end of the due date; none due gives full marks', () => {
    const due = new Date(Date.UTC(2030, 10, 30));
    const items = [
      { dueDate: due, stage: 'CLOSED' as const, closedAt: new Date(Date.UTC(2030, 10, 30, 23)) },
      { dueDate: due, stage: 'CLOSED' as const, closedAt: new Date(Date.UTC(2030, 11, 1, 1)) },
      { dueDate: due, stage: 'DO' as const, closedAt: null },
      { dueDate: new Date(Date.UTC(2031, 1, 1)), stage: 'PLAN' as const, closedAt: null },
    ];
    expect(closedOnTime(items, now).ratio).toBeCloseTo(1 / 3);
    expect(closedOnTime([], now)).toEqual({ ratio: 1, note: '本季度没有到期的整改事项' });
  });

  it('modules current at quarter end, and information updates against the norm, capped at 1', () => {
    const at = new Date(Date.UTC(2031, 0, 1));
    const mods = [
      { id: 1, cadence: 'MONTHLY' as const },
      { id: 2, cadence: 'QUARTERLY' as const },
      { id: 3, cadence: 'YEARLY' as const },
    ];
    const last = new Map([
      [1, new Date(Date.UTC(2030, 11, 20))],
      [2, new Date(Date.UTC(2030, 6, 1))],
    ]);
    expect(modulesCurrent(mods, last, at).ratio).toBeCloseTo(1 / 3);
    expect(infoUpdates(6, 12).ratio).toBe(0.5);
    expect(infoUpdates(30, 12).ratio).toBe(1);
    expect(infoUpdates(0, 12).ratio).toBe(0);
    expect(infoUpdates(5, null).ratio).toBe(0);
  });
});
