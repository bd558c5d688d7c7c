import { describe, expect, it } from 'vitest';
import { consultationPhase } from '../../src/domain/consultations/audience.js';
import { formatDuration, summarizeResponses, type UnitResponseRow } from '../../src/domain/voices/voice-stats.js';

const H = 3600;
const row = (over: Partial<UnitResponseRow>): UnitResponseRow => ({
  unitId: 1,
  code: 'b01',
  name: '机关党支部',
  total: 0,
  answered: 0,
  sumSeconds: 0,
  maxSeconds: 0,
  oldestOpen: null,
  ...over,
});

describe('response times (pure arithmetic)', () => {
  const now = new Date('2026-11-27T12:00:00Z');

  it('averages a unit’s response times over its answered voices and counts the unanswered', () => {
    const { units } = summarizeResponses(
      [row({ total: 5, answered: 3, sumSeconds: (2 + 4 + 9) * H, maxSeconds: 9 * H, oldestOpen: new Date('2026-11-25T12:00:00Z') })],
      now,
    );
    expect(units[0]).toMatchObject({ total: 5, answered: 3, unanswered: 2, avgHours: 5, maxHours: 9, longestWaitHours: 48 });
  });

  it('has no average or maximum for a unit with nothing answered, and no wait when nothing waits', () => {
    const { units } = summarizeResponses([row({ total: 2, oldestOpen: now }), row({ unitId: 2, code: 'b02' })], now);
    expect(units[0]).toMatchObject({ answered: 0, unanswered: 2, avgHours: null, maxHours: null, longestWaitHours: 0 });
    expect(units[1]).toMatchObject({ total: 0, unanswered: 0, avgHours: null, maxHours: null, longestWaitHours: null });
  });

  it('weights the total’s average by answers, not by units, and takes the largest maximum and wait', () => {
    const { total } = summarizeResponses(
      [
        row({ unitId: 1, total: 1, answered: 1, sumSeconds: 10 * H, maxSeconds: 10 * H }),
        row({ unitId: 2, total: 4, answered: 3, sumSeconds: 6 * H, maxSeconds: 4 * H, oldestOpen: new Date('2026-11-27T06:00:00Z') }),
        row({ unitId: 3, total: 2, answered: 0, oldestOpen: new Date('2026-11-26T12:00:00Z') }),
      ],
      now,
    );
    // (10 + 6) / 4 answers = 4 h, not (10 + 2) / 2 units = 6 h
    expect(total).toEqual({ total: 7, answered: 4, unanswered: 3, avgHours: 4, maxHours: 10, longestWaitHours: 24 });
  });

  it('rounds hours to one decimal', () => {
    const { units } = summarizeResponses([row({ total: 3, answered: 3, sumSeconds: 100 * 60, maxSeconds: 50 * 60 })], now);
    expect(units[0].avgHours).toBe(0.6);
    expect(units[0].maxHours).toBe(0.8);
  });

  it('is empty-safe', () => {
    expect(summarizeResponses([], now).total).toEqual({
      total: 0,
      answered: 0,
      unanswered: 0,
      avgHours: null,
      maxHours: null,
      longestWaitHours: null,
    });
  });

  it('says hours under two days and days from there', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0.5)).toBe('0.5 小时');
    expect(formatDuration(47.9)).toBe('47.9 小时');
    expect(formatDuration(48)).toBe('2.0 天');
    expect(formatDuration(84)).toBe('3.5 天');
  });
});

describe('consultation phases (pure)', () => {
  const c = { startDate: new Date('2026-11-10T00:00:00Z'), endDate: new Date('2026-11-20T00:00:00Z'), summaryPublishedAt: null };
  it('is open from the start date to the end date, both included', () => {
    expect(consultationPhase(c, '2026-11-09')).toBe('UPCOMING');
    expect(consultationPhase(c, '2026-11-10')).toBe('OPEN');
    expect(consultationPhase(c, '2026-11-20')).toBe('OPEN');
    expect(consultationPhase(c, '2026-11-21')).toBe('CLOSED');
  });
  it('is summarized once the summary is published', () => {
    expect(consultationPhase({ ...c, summaryPublishedAt: new Date() }, '2026-11-25')).toBe('SUMMARIZED');
  });
});
