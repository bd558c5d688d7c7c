/**
 * `DATA_DIR=… PORT=… EMBEDDED_PG_PORT=… npx tsx scripts/search-bench.ts [n]`: the search alone, against a running portal
 * (started with SQL_COUNT_HEADER=true) on the large organisation, the way `npm run bench` measures it: n (300) distinct
 * queries of 1–8 characters cut from the organisation's texts, one in five with a unit code or a year, one at a time,
 * each by another of 16 logged-in members. Prints p50/p95, the statements of a search and the slowest queries.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { cutQueries, SEARCH_TEXTS_SQL } from './search-queries.js';
import { allCookies, sessionCookie } from './session-cookie.js';

const N = Number(process.argv[2] ?? 300);
const dataDir = path.resolve(process.env.DATA_DIR ?? './data');
const base = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const pgPort = process.env.EMBEDDED_PG_PORT ?? '54329';

async function db<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const c = new pg.Client({ connectionString: `postgresql://portal:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/portal` });
  await c.connect();
  return c
    .query<T>(sql)
    .then((r) => r.rows)
    .finally(() => c.end());
}

async function login(username: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const cookie = allCookies(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, username, password: 'Demo@2026' }),
  });
  if (res.status !== 303) throw new Error(`login of ${username} failed: ${res.status}`);
  return sessionCookie(res) ?? cookie;
}

const people = await db<{ username: string }>(
  `SELECT p.username FROM "Person" p WHERE p.username LIKE 'L%' AND p.active
      AND EXISTS (SELECT 1 FROM "RoleGrant" g WHERE g."personId" = p.id AND g.role = 'MEMBER') ORDER BY p.id LIMIT 16`,
);
const cookies: string[] = [];
for (const p of people) cookies.push(await login(p.username));
const qs = cutQueries(await db<{ t: string }>(SEARCH_TEXTS_SQL), N);
const times: { q: string; ms: number; sql: number }[] = [];
for (const [i, q] of qs.entries()) {
  const started = performance.now();
  const res = await fetch(`${base}/search?q=${encodeURIComponent(q)}`, { headers: { cookie: cookies[i % cookies.length] } });
  await res.text();
  if (res.status !== 200) throw new Error(`${q}: ${res.status}`);
  times.push({ q, ms: performance.now() - started, sql: Number(res.headers.get('x-sql-queries')) });
}
const sorted = [...times].sort((x, y) => x.ms - y.ms);
const at = (f: number) => sorted[Math.floor(sorted.length * f)].ms.toFixed(0);
const sqls = [...new Set(times.map((t) => t.sql))].join('/');
console.log(`n ${qs.length}  p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(0.999)} ms  statements ${sqls}`);
console.log(
  'slowest:',
  sorted
    .slice(-8)
    .map((t) => `${t.q} ${t.ms.toFixed(0)}`)
    .join(' | '),
);
