import { escapeHtml } from '../../lib/html.js';

/**
 * Search terms and snippets. Chinese has no spaces between words, so a term matches as a substring (a single
 * character finds every text containing it); spaces separate terms that must all occur; "double quotes" keep a
 * phrase with spaces as one term (its line breaks and tabs as spaces).
 */
export function parseTerms(q: string): string[] {
  const terms: string[] = [];
  for (const m of q.normalize('NFKC').matchAll(/"([^"]+)"|(\S+)/g)) {
    const t = (m[1] ?? m[2]).replace(/\s+/g, ' ').trim();
    if (t && !terms.includes(t)) terms.push(t);
  }
  return terms.slice(0, 8).map((t) => t.slice(0, 50));
}

/** A term as an ILIKE pattern: % and _ and the escape character itself stand for themselves (the knowledge list's filter). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Up to `width` characters around the first term found, HTML-escaped, with every term wrapped in <mark>.
 * Safe to output unescaped: everything but the <mark> tags is escaped here.
 */
export function snippet(text: string, terms: string[], width = 80): string {
  const lower = text.toLowerCase();
  const hits = terms.map((t) => lower.indexOf(t.toLowerCase())).filter((i) => i >= 0);
  const first = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, first - Math.floor(width / 3));
  const cut = text.slice(start, start + width);
  const pieces: string[] = [];
  const pattern = terms.length ? new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi') : null;
  let last = 0;
  if (pattern) {
    for (const m of cut.matchAll(pattern)) {
      pieces.push(escapeHtml(cut.slice(last, m.index)), `<mark>${escapeHtml(m[0])}</mark>`);
      last = m.index! + m[0].length;
    }
  }
  pieces.push(escapeHtml(cut.slice(last)));
  return `${start > 0 ? '…' : ''}${pieces.join('')}${start + width < text.length ? '…' : ''}`;
}
