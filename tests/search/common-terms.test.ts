import { afterAll, describe, expect, it } from 'vitest';
import { loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makeCommitteeNotice } from '../helpers/factories.js';

const titles = (html: string) => [...html.matchAll(/class="hit-title" href="[^"]*">([^<]*)</g)].map((m) => m[1]);
const FIRST_ID = 50_000_000;
const N = 30_000;

afterAll(async () => {
  await testDb().$executeRaw`DELETE FROM "SearchDoc" WHERE kind = 'knowledge' AND "entityId" >= ${FIRST_ID}`;
});

/**
 * N documents a year old holding `tag` (every third in its title, the others in the text), then five a month old with
 * it in their titles (too few for the sample to see), and `newer` without it.
 */
async function oldMatches(first: number, tag: string, newer: number) {
  await testDb().$executeRaw`
    INSERT INTO "SearchDoc" (kind, "entityId", year, at, title, text, "titleLen")
    SELECT 'knowledge', ${first} + i, 2025, now() - interval '1 year' - i * interval '1 minute', t, lower(t) || E'\n正文' || ${tag}, char_length(t)
      FROM generate_series(0, ${N - 1}) i, LATERAL (SELECT CASE WHEN i % 3 = 0 THEN '往年' || ${tag} || '-' || i ELSE '往年资料' || i END AS t) x
    UNION ALL
    SELECT 'knowledge', ${first + N} + i, 2026, now() - interval '30 days' - i * interval '1 minute', '新近' || ${tag} || '-' || i, '新近' || ${tag} || '-' || i, char_length('新近' || ${tag} || '-' || i)
      FROM generate_series(0, 4) i
    UNION ALL
    SELECT 'knowledge', ${first + N + 5} + i, 2026, now() - i * interval '1 minute', '今年资料' || i, '今年资料' || i, char_length('今年资料' || i)
      FROM generate_series(0, ${newer - 1}) i`;
  await testDb().$executeRaw`ANALYZE "SearchDoc"`;
}

describe('search of a term found in most documents', () => {
  it('estimates the count of a large kind ("约 N 条"), counts a small one exactly, and keeps title matches first, then newest', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    // As many documents as a few years of records: every third holds the word in its title, the others in the text.
    await testDb().$executeRaw`
      INSERT INTO "SearchDoc" (kind, "entityId", year, at, title, text, "titleLen")
      SELECT 'knowledge', ${FIRST_ID} + i, 2026, now() - i * interval '1 minute',
             CASE WHEN i % 3 = 0 THEN '学习' || ${tag} || '-' || i ELSE '学习资料' || i END,
             lower(CASE WHEN i % 3 = 0 THEN '学习' || ${tag} || '-' || i ELSE '学习资料' || i END) || E'\n正文' || ${tag},
             char_length(CASE WHEN i % 3 = 0 THEN '学习' || ${tag} || '-' || i ELSE '学习资料' || i END)
        FROM generate_series(0, ${N - 1}) i`;
    await testDb().$executeRaw`ANALYZE "SearchDoc"`;
    await makeCommitteeNotice(w, `通知${tag}`, new Date(Date.now() - 86_400_000 * 30));
    const staff = await loginAs(w.staff.username);
    const res = await staff.get(`/search?q=${encodeURIComponent(tag)}`);
    expect(res.status).toBe(200);
    const estimate = Number(/党建知识<small class="muted">（约 (\d+) 条）/.exec(res.text)?.[1]);
    expect(estimate).toBeGreaterThan(N / 2);
    expect(estimate).toBeLessThan(N * 2);
    expect(res.text).toMatch(/全部<small class="muted">（约 \d+ 条）/);
    expect(res.text).toContain('文件通知<small class="muted">（1 条）'); // a small kind: exact
    expect(res.text).toMatch(/共 约 \d+ 条/);
    const want = (from: number) => Array.from({ length: 20 }, (_, k) => `学习${tag}-${(from + k) * 3}`);
    // the notice is older than every titled document here: it comes after them
    expect(titles(res.text)).toEqual(want(0));
    const second = await staff.get(`/search?q=${encodeURIComponent(tag)}&page=2`);
    expect(titles(second.text)).toEqual(want(20));
  });

  it('finds the newest of matches all older than the newest documents, in the title or only in the text', async () => {
    const w = await makeBranchWorld();
    const tag = w.branch.code;
    await oldMatches(FIRST_ID + 1_000_000, tag, 8000);
    const staff = await loginAs(w.staff.username);
    const res = await staff.get(`/search?q=${encodeURIComponent(tag)}`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/党建知识<small class="muted">（约 \d+ 条）/);
    // the five of last month first (newer than any the sample holds), then the year-old ones, newest first
    const titled = [
      ...Array.from({ length: 5 }, (_, k) => `新近${tag}-${k}`),
      ...Array.from({ length: 60 }, (_, k) => `往年${tag}-${k * 3}`),
    ];
    expect(titles(res.text)).toEqual(titled.slice(0, 20));
    expect(titles((await staff.get(`/search?q=${encodeURIComponent(tag)}&page=3`)).text)).toEqual(titled.slice(40, 60));
    // "正文" + tag is in no title: the newest texts holding it, whatever their titles
    const text = await staff.get(`/search?q=${encodeURIComponent(`正文${tag}`)}`);
    expect(titles(text.text)).toEqual(Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? `往年${tag}-${i}` : `往年资料${i}`)));
  });
});
