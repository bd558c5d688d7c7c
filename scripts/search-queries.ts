/** The organisation's own published texts (titles, pages, records, notices) that search queries are cut from. */
export const SEARCH_TEXTS_SQL = `(SELECT r.title || regexp_replace(r.body, '<[^>]*>', '', 'g') AS t FROM "ContentItem" i
    JOIN "Revision" r ON r.id = i."publishedRevisionId" ORDER BY random() LIMIT 500)
 UNION ALL (SELECT title || regexp_replace(body, '<[^>]*>', '', 'g') FROM "Notice" WHERE status = 'PUBLISHED')`;

/**
 * Search queries as people type them: 1–8 characters cut from `texts`, one in five followed by a unit code or a year;
 * each distinct, so nothing is answered from before (the benchmark and scripts/search-bench.ts).
 */
export function cutQueries(rows: { t: string }[], n: number): string[] {
  const texts = rows.map((r) => r.t.replace(/\s+/g, ''));
  const out = new Set<string>();
  for (let tries = 0; out.size < n && tries < n * 100; tries++) {
    const t = texts[Math.floor(Math.random() * texts.length)];
    const len = 1 + Math.floor(Math.random() * 8);
    const at = Math.floor(Math.random() * Math.max(1, t.length - len));
    const mixed =
      Math.random() < 0.2
        ? ` ${Math.random() < 0.5 ? `L${String(1 + Math.floor(Math.random() * 200)).padStart(3, '0')}` : 2022 + Math.floor(Math.random() * 5)}`
        : '';
    if (t.slice(at, at + len)) out.add(t.slice(at, at + len) + mixed);
  }
  return [...out];
}
