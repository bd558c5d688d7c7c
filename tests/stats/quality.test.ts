import { afterEach, describe, expect, it } from 'vitest';
import { averageHours, change, qualityScore, reviewDeduction, share, type QualityInput } from '../../src/domain/stats/quality.js';
import { hasEnded, lastEndedQuarter, previousQuarter, quarterLabel, quarterOf, quarterRange } from '../../src/domain/stats/quarters.js';
import { barChartSvg, lineChartSvg, niceCeil } from '../../src/web/stats/charts.js';

const perfect: QualityInput = { updates: 10, sentBack: 0, takenDown: 0, modulesCurrent: 18, modulesTracked: 18, avgReviewHours: 5 };

describe('the information-quality score (pure)', () => {
  it('is 100 for a unit that publishes, keeps every module current, and has nothing sent back or taken down', () => {
    expect(qualityScore(perfect)).toBe(100);
  });

  it('takes 30 × the share of decisions sent back', () => {
    // 2 sent back of 8 decisions (6 published + 2 sent back): 30 × 0.25 = 7.5 → 92.5 → 93
    expect(qualityScore({ ...perfect, updates: 6, sentBack: 2 })).toBe(93);
    expect(qualityScore({ ...perfect, updates: 1, sentBack: 3 })).toBe(78); // 100 − 22.5 = 77.5 → 78
  });

  it('takes 40 × the share of tracked modules not current at the quarter’s end', () => {
    expect(qualityScore({ ...perfect, modulesCurrent: 9 })).toBe(80);
    expect(qualityScore({ ...perfect, modulesCurrent: 0 })).toBe(60);
  });

  it('takes 10 for each take-down, at most 30', () => {
    expect(qualityScore({ ...perfect, takenDown: 1 })).toBe(90);
    expect(qualityScore({ ...perfect, takenDown: 3 })).toBe(70);
    expect(qualityScore({ ...perfect, takenDown: 8 })).toBe(70);
  });

  it('takes 5 per full day the average review took beyond three days, at most 20', () => {
    expect(reviewDeduction(null)).toBe(0);
    expect(reviewDeduction(72)).toBe(0);
    expect(reviewDeduction(95.9)).toBe(0);
    expect(reviewDeduction(96)).toBe(5);
    expect(reviewDeduction(24 * 5)).toBe(10);
    expect(reviewDeduction(24 * 30)).toBe(20);
    expect(qualityScore({ ...perfect, avgReviewHours: 24 * 4 })).toBe(95);
  });

  it('caps a unit that published nothing at 40, and never goes below 0', () => {
    expect(qualityScore({ ...perfect, updates: 0 })).toBe(40);
    expect(qualityScore({ updates: 0, sentBack: 5, takenDown: 5, modulesCurrent: 0, modulesTracked: 18, avgReviewHours: 24 * 30 })).toBe(0);
  });

  it('does not divide by zero: no decisions and no tracked modules deduct nothing', () => {
    expect(qualityScore({ updates: 3, sentBack: 0, takenDown: 0, modulesCurrent: 0, modulesTracked: 0, avgReviewHours: null })).toBe(100);
    expect(share(1, 0)).toBe(0);
  });
});

describe('averages and changes (pure)', () => {
  it('averages hours to one decimal, and has no average without data', () => {
    expect(averageHours(0, 0)).toBeNull();
    expect(averageHours(72, 2)).toBe(36);
    expect(averageHours(10, 3)).toBe(3.3);
  });

  it('compares with the previous quarter only when there is one', () => {
    expect(change(5, 3)).toBe(2);
    expect(change(3, 5)).toBe(-2);
    expect(change(3, null)).toBeNull();
    expect(change(3, undefined)).toBeNull();
    expect(change(null, 3)).toBeNull();
  });
});

describe('quarters in UTC, like every period of the portal (pure)', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('runs from UTC midnight of the first day to UTC midnight of the next quarter', () => {
    expect(quarterRange(2026, 1)).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') });
    expect(quarterRange(2026, 4)).toEqual({ start: new Date('2026-10-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
  });

  it('puts an instant in its UTC quarter even where the local clock already shows the next one', () => {
    process.env.TZ = 'Asia/Shanghai';
    // 07:59 on 1 April in Shanghai is still 31 March in UTC
    const lastInstant = new Date('2026-03-31T23:59:59.999Z');
    expect(lastInstant.getMonth()).toBe(3); // local April
    expect(quarterOf(lastInstant)).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf(new Date('2026-04-01T00:00:00Z'))).toEqual({ year: 2026, quarter: 2 });
    expect(quarterOf(new Date('2026-12-31T23:59:59Z'))).toEqual({ year: 2026, quarter: 4 });
    expect(quarterRange(2026, 2).start.toISOString()).toBe('2026-04-01T00:00:00.000Z');
  });

  it('knows when a quarter has ended, the latest ended one, and the previous one across a year', () => {
    expect(hasEnded({ year: 2026, quarter: 3 }, new Date('2026-09-30T23:59:59Z'))).toBe(false);
    expect(hasEnded({ year: 2026, quarter: 3 }, new Date('2026-10-01T00:00:00Z'))).toBe(true);
    expect(lastEndedQuarter(new Date('2026-11-27T12:00:00Z'))).toEqual({ year: 2026, quarter: 3 });
    expect(lastEndedQuarter(new Date('2026-02-01T00:00:00Z'))).toEqual({ year: 2025, quarter: 4 });
    expect(previousQuarter({ year: 2026, quarter: 1 })).toEqual({ year: 2025, quarter: 4 });
    expect(quarterLabel({ year: 2026, quarter: 3 })).toBe('2026年第三季度');
  });
});

describe('server-drawn charts (pure)', () => {
  it('rounds an axis up to 1, 2 or 5 × a power of ten', () => {
    expect([0, 1, 3, 7, 12, 37, 100, 101].map(niceCeil)).toEqual([1, 1, 5, 10, 20, 50, 100, 200]);
  });

  it('draws one bar per unit with its value, escaping names', () => {
    const svg = barChartSvg(
      [
        { label: '机关党支部', value: 12 },
        { label: '<b>&', value: 0 },
      ],
      { label: '信息更新' },
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('>机关党支部<');
    expect(svg).toContain('&lt;b&gt;&amp;');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('style=');
  });

  it('draws a line through the known points and keeps the quarters in order', () => {
    const svg = lineChartSvg(['2026Q1', '2026Q2', '2026Q3'], [{ name: '信息更新', values: [3, null, 9] }], { label: '趋势' });
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain('<polyline');
    expect(svg.indexOf('2026Q1')).toBeLessThan(svg.indexOf('2026Q3'));
  });
});
