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
});
