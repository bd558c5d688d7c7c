import { describe, expect, it } from 'vitest';
import { trendSvg } from '../../src/web/boards/trend-svg.js';

describe('the trend chart', () => {
  it('draws one dot per reported figure, a line through them and the target as a dashed line', () => {
    const svg = trendSvg([90, null, 100, 110], 100, { label: '党员学习参学率' });
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('<polyline class="trend-line"');
    expect(svg).toContain('class="trend-target"');
    expect(svg).toContain('aria-label="党员学习参学率"');
  });
  it('survives nothing reported, a flat line and an escaped label', () => {
    expect(trendSvg([null, null], 0, { label: '<script>' })).not.toContain('<script>');
    expect(trendSvg([5, 5, 5], 5)).not.toContain('NaN');
    expect(trendSvg([], 3)).not.toContain('NaN');
  });
});
