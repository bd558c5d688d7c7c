import { describe, expect, it } from 'vitest';
import { richTextToPlain, sanitizeForShow, sanitizeRichText } from '../../src/domain/content/sanitize.js';

const CORPUS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">点我</a>',
  '<a href="JaVaScRiPt:alert(1)">点我</a>',
  '<svg onload=alert(1)><circle r=1></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<p style="background:url(javascript:alert(1))" onclick="alert(1)">文字</p>',
  '<math><mtext><img src=x onerror=alert(1)></mtext></math>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<img src="//evil.example/x.png">',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<form action="/logout"><button>x</button></form>',
  '"><script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
];

describe('rich text sanitizer', () => {
  it.each(CORPUS)('leaves nothing executable of %s', (payload) => {
    const out = sanitizeRichText(payload);
    expect(out).not.toMatch(/<script|<svg|<iframe|<object|<embed|<form|<math|\son\w+=|javascript:|data:text|style=/i);
  });

  it.each(CORPUS)('shows %s as the sanitizer would, the first time and when it is shown again', (payload) => {
    expect(sanitizeForShow(payload)).toBe(sanitizeRichText(payload));
    expect(sanitizeForShow(payload)).toBe(sanitizeRichText(payload));
  });

  it('keeps the formatting people use', () => {
    const html =
      '<h2>标题</h2><p class="ql-align-center"><strong>粗</strong><em>斜</em></p><ul><li>一</li></ul><table><tr><td>格</td></tr></table><a href="https://example.com/a">链接</a><img src="/attachments/12" alt="照片">';
    const out = sanitizeRichText(html);
    expect(out).toContain('<h2>标题</h2>');
    expect(out).toContain('<p class="ql-align-center"><strong>粗</strong><em>斜</em></p>');
    expect(out).toContain('<li>一</li>');
    expect(out).toContain('<td>格</td>');
    expect(out).toContain('href="https://example.com/a"');
    expect(out).toContain('rel="noopener noreferrer"');
    expect(out).toContain('<img src="/attachments/12" alt="照片" />');
  });

  it('turns rich text into plain text for titles and comparisons', () => {
    expect(richTextToPlain('<p>第一段 &amp; 内容</p><p>第二段</p>')).toBe('第一段 & 内容\n第二段');
  });
});
