import { describe, expect, it } from 'vitest';
import { freshness, hasFreshness } from '../../src/domain/sites/freshness.js';

const now = new Date('2026-11-24T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('module freshness', () => {
  it('is empty when nothing was ever published, whatever the cadence', () => {
    for (const c of ['MONTHLY', 'QUARTERLY', 'YEARLY', 'ON_EVENT'] as const) expect(freshness(c, null, now)).toBe('empty');
  });

  it('follows the monthly window at its edges', () => {
    expect(freshness('MONTHLY', daysAgo(0), now)).toBe('current');
    expect(freshness('MONTHLY', daysAgo(24.99), now)).toBe('current');
    expect(freshness('MONTHLY', daysAgo(25), now)).toBe('due');
    expect(freshness('MONTHLY', daysAgo(30.99), now)).toBe('due');
    expect(freshness('MONTHLY', daysAgo(31), now)).toBe('overdue');
  });

  it('follows the quarterly and yearly windows', () => {
    expect(freshness('QUARTERLY', daysAgo(79), now)).toBe('current');
    expect(freshness('QUARTERLY', daysAgo(80), now)).toBe('due');
    expect(freshness('QUARTERLY', daysAgo(92), now)).toBe('overdue');
    expect(freshness('YEARLY', daysAgo(334), now)).toBe('current');
    expect(freshness('YEARLY', daysAgo(335), now)).toBe('due');
    expect(freshness('YEARLY', daysAgo(366), now)).toBe('overdue');
  });

  it('never makes an on-event module overdue once it has content', () => {
    expect(freshness('ON_EVENT', daysAgo(2000), now)).toBe('current');
  });

  it('treats a publication dated in the future (clock skew) as current', () => {
    expect(freshness('MONTHLY', daysAgo(-3), now)).toBe('current');
  });

  it('applies to pages and records only', () => {
    expect(['PAGE', 'RECORDS', 'BOARD', 'ROSTER', 'LINKED'].map(hasFreshness)).toEqual([true, true, false, false, false]);
  });
});
