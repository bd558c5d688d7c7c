import { describe, expect, it } from 'vitest';
import { richTextToPlain } from '../../src/domain/content/sanitize.js';
import { likePattern, parseTerms, snippet } from '../../src/domain/search/query.js';

describe('search terms and snippets', () => {
  it('splits on spaces, keeps quoted phrases, drops repeats', () => {
    expect(parseTerms('党 "三会 一课"  党')).toEqual(['党', '三会 一课']);
    expect(parseTerms('   ')).toEqual([]);
    expect(parseTerms('ＡＢＣ')).toEqual(['ABC']);
  });
  it('escapes LIKE wildcards', () => {
    expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
  it('marks every term and escapes the rest', () => {
    expect(snippet('支部召开<党员>大会，党员参加', ['党员'])).toBe('支部召开&lt;<mark>党员</mark>&gt;大会，<mark>党员</mark>参加');
    expect(snippet('x'.repeat(200) + '党费' + 'y'.repeat(200), ['党费'], 20)).toMatch(/^…x+<mark>党费<\/mark>y+…$/);
    expect(snippet('<script>alert(1)</script>', ['script'])).not.toContain('<script>');
  });
  it('reads the text out of rich HTML', () => {
    expect(richTextToPlain('<p>支部<b>概况</b>&amp;简介</p><script>x</script>')).toBe('支部概况&简介');
  });
});
