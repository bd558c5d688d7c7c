import { describe, expect, it } from 'vitest';
import { attentionScore, EMPTY_SIGNALS, worstFirst } from '../../src/domain/review/score.js';

describe('attention score of the morning review', () => {
  it('is zero for a branch with nothing wrong', () => {
    expect(attentionScore(EMPTY_SIGNALS)).toBe(0);
  });

  it('weighs each signal by the documented rule', () => {
    expect(attentionScore({ ...EMPTY_SIGNALS, redTargets: 2 })).toBe(10);
    expect(attentionScore({ ...EMPTY_SIGNALS, unreportedTargets: 1, overduePdca: 1, openPdca: 1 })).toBe(3 + 4 + 1);
    expect(attentionScore({ ...EMPTY_SIGNALS, overdueModules: 3, emptyModules: 2, draftsWaiting: 1, unansweredVoices: 1 })).toBe(
      6 + 2 + 1 + 2,
    );
  });

  it('ignores negative or missing counts rather than rewarding them', () => {
    expect(attentionScore({ ...EMPTY_SIGNALS, redTargets: -4, emptyModules: NaN })).toBe(0);
  });

  it('orders worst first and breaks ties by code, stably', () => {
    const rows = worstFirst([
      { code: 'b03', signals: { ...EMPTY_SIGNALS, emptyModules: 1 } },
      { code: 'b01', signals: { ...EMPTY_SIGNALS, redTargets: 1 } },
      { code: 'b02', signals: { ...EMPTY_SIGNALS, emptyModules: 1 } },
      { code: 'b04', signals: EMPTY_SIGNALS },
    ]);
    expect(rows.map((r) => r.code)).toEqual(['b01', 'b02', 'b03', 'b04']);
    expect(rows.map((r) => r.score)).toEqual([5, 1, 1, 0]);
  });
});
