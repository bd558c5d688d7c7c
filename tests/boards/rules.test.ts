import { describe, expect, it } from 'vitest';
import {
  cellStatus,
  duePeriod,
  periodRefusal,
  periodWindow,
  valueKindFor,
  valueRefusal,
  isClosed,
  judge,
  lastEndedPeriod,
  periodOfDate,
  reportingDeadline,
  yearToDate,
  type TargetRule,
} from '../../src/domain/boards/rules.js';

const higher: TargetRule = { kind: 'MUST', direction: 'HIGHER', targetValue: 100, stretchValue: null, period: 'MONTHLY' };
const lower: TargetRule = { kind: 'MUST', direction: 'LOWER', targetValue: 5, stretchValue: null, period: 'MONTHLY' };
const challenge: TargetRule = { kind: 'CHALLENGE', direction: 'HIGHER', targetValue: 90, stretchValue: 95, period: 'QUARTERLY' };
const challengeLower: TargetRule = { kind: 'CHALLENGE', direction: 'LOWER', targetValue: 3, stretchValue: 1, period: 'MONTHLY' };

describe('judging a reported figure', () => {
  it('higher is better: met at the target, at risk within 10%, missed below', () => {
    expect(judge(higher, 100)).toBe('met');
    expect(judge(higher, 120)).toBe('met');
    expect(judge(higher, 90)).toBe('atRisk');
    expect(judge(higher, 89.99)).toBe('missed');
  });
  it('lower is better mirrors it', () => {
    expect(judge(lower, 5)).toBe('met');
    expect(judge(lower, 0)).toBe('met');
    expect(judge(lower, 5.5)).toBe('atRisk');
    expect(judge(lower, 5.51)).toBe('missed');
  });
  it('challenge targets show both thresholds', () => {
    expect(judge(challenge, 95)).toBe('stretch');
    expect(judge(challenge, 94)).toBe('met');
    expect(judge(challenge, 81)).toBe('atRisk');
    expect(judge(challenge, 80)).toBe('missed');
    expect(judge(challengeLower, 1)).toBe('stretch');
    expect(judge(challengeLower, 2)).toBe('met');
    expect(judge(challengeLower, 3.3)).toBe('atRisk');
  });
  it('a zero target has no at-risk band, and zero is a real figure', () => {
    const zeroLower = { ...lower, targetValue: 0 };
    expect(judge(zeroLower, 0)).toBe('met');
    expect(judge(zeroLower, 0.01)).toBe('missed');
    const zeroHigher = { ...higher, targetValue: 0 };
    expect(judge(zeroHigher, 0)).toBe('met');
    expect(judge(higher, 0)).toBe('missed');
  });
});

describe('periods', () => {
  const t = { ...higher, year: 2026 };
  it('a period not reported is unreported once ended, future before', () => {
    const now = new Date('2026-03-15T00:00:00Z');
    expect(cellStatus(t, 2, null, now)).toBe('unreported');
    expect(cellStatus(t, 3, null, now)).toBe('future');
    expect(cellStatus(t, 3, 100, now)).toBe('met');
    expect(cellStatus(t, 2, Number.NaN, now)).toBe('unreported');
  });
  it('reports are due ten days after the period, then it closes', () => {
    expect(reportingDeadline(2026, 'MONTHLY', 1).toISOString()).toBe('2026-02-11T00:00:00.000Z');
    expect(reportingDeadline(2026, 'QUARTERLY', 4).toISOString()).toBe('2027-01-11T00:00:00.000Z');
    expect(isClosed(2026, 'MONTHLY', 1, new Date('2026-02-10T23:00:00Z'))).toBe(false);
    expect(isClosed(2026, 'MONTHLY', 1, new Date('2026-02-11T00:00:01Z'))).toBe(true);
  });
  it('knows the last ended period and the period of a date', () => {
    expect(lastEndedPeriod(2026, 'MONTHLY', new Date('2026-01-20T00:00:00Z'))).toBe(0);
    expect(lastEndedPeriod(2026, 'MONTHLY', new Date('2026-11-27T00:00:00Z'))).toBe(10);
    expect(lastEndedPeriod(2026, 'QUARTERLY', new Date('2026-11-27T00:00:00Z'))).toBe(3);
    expect(lastEndedPeriod(2025, 'QUARTERLY', new Date('2026-11-27T00:00:00Z'))).toBe(4);
    expect(periodOfDate(2026, 'QUARTERLY', new Date('2026-08-01T00:00:00Z'))).toBe(3);
    expect(periodOfDate(2026, 'MONTHLY', new Date('2025-08-01T00:00:00Z'))).toBeNull();
  });
});

describe('year to date', () => {
  const now = new Date('2026-07-20T00:00:00Z');
  it('judges the mean of what was reported (a partial year)', () => {
    const ytd = yearToDate(
      { ...higher, year: 2026 },
      new Map([
        [1, 100],
        [2, 80],
        [3, 110],
      ]),
      now,
    );
    expect(ytd.mean).toBeCloseTo(96.67, 2);
    expect(ytd.status).toBe('atRisk');
    expect(ytd).toMatchObject({ reported: 3, due: 6, missed: 1 });
  });
  it('is unreported when periods ended and nothing came in, future at the start of the year', () => {
    expect(yearToDate({ ...higher, year: 2026 }, new Map(), now).status).toBe('unreported');
    expect(yearToDate({ ...higher, year: 2027 }, new Map(), now).status).toBe('future');
  });
  it('counts zeros as figures for lower-is-better targets', () => {
    expect(
      yearToDate(
        { ...lower, year: 2026 },
        new Map([
          [1, 0],
          [2, 0],
        ]),
        now,
      ),
    ).toMatchObject({ status: 'met', mean: 0, reported: 2 });
  });
});

describe('reporting windows', () => {
  const monthly = { year: 2026, period: 'MONTHLY' as const, earlyDays: 0 };
  const at = (s: string) => new Date(s);
  it('opens a period at its end (or a set number of days before, within its last week) and closes it after the deadline', () => {
    expect(periodWindow(monthly, 11, at('2026-11-30T23:00:00Z'))).toBe('future');
    expect(periodWindow(monthly, 11, at('2026-12-01T00:00:00Z'))).toBe('open');
    expect(periodWindow(monthly, 11, at('2026-12-11T00:00:00Z'))).toBe('open');
    expect(periodWindow(monthly, 11, at('2026-12-11T00:00:01Z'))).toBe('closed');
    expect(periodWindow({ ...monthly, earlyDays: 5 }, 11, at('2026-11-26T00:00:00Z'))).toBe('open');
    expect(periodWindow({ ...monthly, earlyDays: 30 }, 11, at('2026-11-20T00:00:00Z'))).toBe('future');
  });
  it('names the period due now, not the one in progress', () => {
    expect(duePeriod(monthly, at('2026-12-02T08:00:00Z'))).toBe(11);
    expect(duePeriod({ ...monthly, period: 'QUARTERLY' }, at('2026-12-02T08:00:00Z'))).toBe(3);
    expect(duePeriod(monthly, at('2026-01-05T08:00:00Z'))).toBe(0);
    expect(duePeriod({ ...monthly, earlyDays: 7 }, at('2026-12-28T08:00:00Z'))).toBe(12);
  });
  it('refuses a future period to all and a closed one to the unit', () => {
    const now = at('2026-12-02T08:00:00Z');
    expect(periodRefusal(monthly, 12, now, true)).toContain('尚未结束');
    expect(periodRefusal(monthly, 10, now, false)).toContain('党委办公室');
    expect(periodRefusal(monthly, 10, now, true)).toBeNull();
    expect(periodRefusal(monthly, 11, now, false)).toBeNull();
    expect(periodRefusal(monthly, 13, now, true)).toBe('请选择有效的统计期');
  });
});

describe('value ranges', () => {
  it('keeps counts whole and ≥ 0, rates within 0–100, and declared bounds over the kind’s', () => {
    const count = { valueKind: 'COUNT' as const, minValue: null, maxValue: null };
    const rate = { valueKind: 'RATE' as const, minValue: null, maxValue: null };
    expect(valueRefusal(count, -1)).toContain('不能小于 0');
    expect(valueRefusal(count, 2.5)).toContain('整数');
    expect(valueRefusal(count, 3)).toBeNull();
    expect(valueRefusal(rate, 150, '%')).toBe('实际值应在 0–100% 之间');
    expect(valueRefusal({ ...rate, maxValue: 200 }, 150)).toBeNull();
    expect(valueRefusal({ valueKind: 'NUMBER', minValue: null, maxValue: null }, -5)).toBeNull();
    expect(valueKindFor('%')).toBe('RATE');
    expect(valueKindFor('件')).toBe('COUNT');
    expect(valueKindFor('万元')).toBe('NUMBER');
  });
});
