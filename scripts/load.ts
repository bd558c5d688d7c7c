/**
 * `npm run load`: 200 simulated people on the portal at once for LOAD_SECONDS (60) on loopback, then a check
 * against the database that no acknowledged write was lost or duplicated.
 *
 * - readers (LOAD_READERS, 150 by default) log in as demo employees and browse: home, unit sites, boards, notices;
 *   each acknowledges the notices that ask for it (one receipt per person, however often they press);
 * - editors (30) log in as b01's information officer and secretary and publish news records, each with a unique
 *   headline (every 303 must leave exactly one record);
 * - measurers (20) log in as the office and report the committee's board figures (several people writing the same
 *   periods: exactly one figure per target and period must remain, equal to one of the acknowledged values).
 *
 * Starts its own portal on a fresh demo database in LOAD_DATA_DIR (./data/load). Exits non-zero on any 5xx, any
 * network error or any mismatch. Prints requests, errors and p50/p99 latency per kind.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildServer, SERVER_ARGS, SERVER_ENV } from '../src/server-args.js';
import { allCookies, sessionCookie } from './session-cookie.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const READERS = Number(process.env.LOAD_READERS ?? 150);
const EDITORS = Number(process.env.LOAD_EDITORS ?? 30);
const MEASURERS = Number(process.env.LOAD_MEASURERS ?? 20);
const DATA_DIR = path.resolve(process.env.LOAD_DATA_DIR ?? './data/load');
const PORT = 3950;
const PG_PORT = 54395;
const BASE = `http://127.0.0.1:${PORT}`;

interface Stat {
  n: number;
  errors: number;
  times: number[];
}
const stats = new Map<string, Stat>();
const problems: string[] = [];

async function timed(kind: string, url: string, init: RequestInit & { expect?: number[] } = {}): Promise<Response | null> {
  const s = stats.get(kind) ?? { n: 0, errors: 0, times: [] };
  stats.set(kind, s);
  const t = performance.now();
  try {
    const sent = await fetch(BASE + url, { redirect: 'manual', ...init });
    // The whole answer is read (and timed): a body left unread makes undici drop the connection, which the portal
    // then logs as a request aborted by its client.
    const text = await sent.text();
    const res = new Response([204, 205, 304].includes(sent.status) ? null : text, { status: sent.status, headers: sent.headers });
    s.times.push(performance.now() - t);
    s.n++;
    if (res.status >= 500 || (init.expect && !init.expect.includes(res.status))) {
      s.errors++;
      if (problems.length < 20) problems.push(`${kind} ${url} → ${res.status}`);
    }
    return res;
  } catch (e) {
    s.n++;
    s.errors++;
    if (problems.length < 20) problems.push(`${kind} ${url} → ${(e as Error).message}`);
    return null;
  }
}

class Session {
  cookie = '';
  constructor(readonly username: string) {}
  headers(extra: Record<string, string> = {}) {
    return { cookie: this.cookie, ...extra };
  }
  async page(kind: string, url: string): Promise<string> {
    const res = await timed(kind, url, { headers: this.headers(), expect: [200] });
    return res ? res.text() : '';
  }
  async post(kind: string, url: string, tokenPage: string, body: Record<string, string>): Promise<Response | null> {
    const html = await this.page(`${kind}:form`, tokenPage);
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return timed(kind, url, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams({ _csrf: token, ...body }),
      expect: [303],
    });
  }
  /** Logs in within the first ten seconds, as people arriving at work do, not all in the same millisecond. */
  async login(): Promise<void> {
    await new Promise((r) => setTimeout(r, Math.random() * 10_000));
    const page = await fetch(`${BASE}/login`);
    this.cookie = allCookies(page);
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    const res = await timed('login', '/login', {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams({ _csrf: token, username: this.username, password: 'Demo@2026' }),
      expect: [303],
    });
    this.cookie = (res && sessionCookie(res)) ?? this.cookie;
  }
}

const until = () => Date.now() + SECONDS * 1000;
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

async function reader(username: string, branches: string[], ackNotices: number[], end: number, acked: Map<string, Set<number>>) {
  const s = new Session(username);
  await s.login();
  while (Date.now() < end) {
    const b = pick(branches);
    const url = pick(['/', `/units/${b}`, `/units/${b}/board`, '/notices', '/units/committee/board', `/units/${b}/modules/overview`]);
    await s.page('browse', url);
    if (ackNotices.length && Math.random() < 0.1) {
      const id = pick(ackNotices);
      const res = await s.post('acknowledge', `/notices/${id}/acknowledge`, `/notices/${id}`, {});
      if (res?.status === 303) (acked.get(username) ?? acked.set(username, new Set()).get(username)!).add(id);
    }
  }
}

async function editor(username: string, n: number, end: number, published: Set<string>) {
  const s = new Session(username);
  await s.login();
  for (let i = 0; Date.now() < end; i++) {
    const headline = `压力测试动态-${n}-${i}`;
    const res = await s.post('publish', '/units/b01/modules/news/records', '/units/b01/modules/news/records/new', {
      'fields[date]': new Date().toISOString().slice(0, 10),
      'fields[headline]': headline,
      'fields[body]': `第 ${i} 条，并发写入测试。`,
      baseNumber: '0',
      intent: 'publish',
    });
    if (res?.status === 303) published.add(headline);
  }
}

async function measurer(n: number, targets: { id: number; periods: number[] }[], end: number, written: Map<string, Set<number>>) {
  const s = new Session('office');
  await s.login();
  for (let i = 0; Date.now() < end; i++) {
    const t = pick(targets);
    const period = pick(t.periods);
    const actual = 80 + ((n * 31 + i) % 20);
    const url = `/units/committee/board/targets/${t.id}`;
    const res = await s.post('measure', `${url}/measurements`, url, {
      period: String(period),
      actual: String(actual),
      note: `负载测试 ${n}`,
      reason: '负载测试更正',
    });
    if (res?.status === 303)
      (written.get(`${t.id}:${period}`) ?? written.set(`${t.id}:${period}`, new Set()).get(`${t.id}:${period}`)!).add(actual);
  }
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : 0;
}

async function main() {
  rmSync(DATA_DIR, { recursive: true, force: true });
  buildServer();
  const env = { ...process.env, DATA_DIR, PORT: String(PORT), EMBEDDED_PG_PORT: String(PG_PORT), LOG_LEVEL: 'warn', SEED_DEMO: 'true' };
  const server = spawn(process.execPath, SERVER_ARGS, { env: { ...env, ...SERVER_ENV }, stdio: ['ignore', 'inherit', 'inherit'] });
  let db: pg.Client | undefined;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${BASE}/healthz`)).ok) break;
      } catch {
        /* starting */
      }
      if (i > 240) throw new Error('the portal did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    const password = readFileSync(path.join(DATA_DIR, 'pg-password'), 'utf8').trim();
    db = new pg.Client({ connectionString: `postgresql://portal:${encodeURIComponent(password)}@127.0.0.1:${PG_PORT}/portal` });
    await db.connect();
    const people = (
      await db.query(`SELECT username FROM "Person" WHERE username ~ '^[0-9]+$' AND active ORDER BY username LIMIT $1`, [READERS])
    ).rows.map((r) => r.username as string);
    const branches = (await db.query(`SELECT code FROM "Unit" WHERE kind = 'BRANCH' AND "archivedAt" IS NULL`)).rows.map(
      (r) => r.code as string,
    );
    const ackNotices = (
      await db.query(`SELECT id FROM "Notice" WHERE status = 'PUBLISHED' AND "ackRequired" AND audience = 'ALL'`)
    ).rows.map((r) => r.id as number);
    const year = new Date().getUTCFullYear();
    const targets = (
      await db.query(
        `SELECT t.id, t.period FROM "Target" t JOIN "Unit" u ON u.id = t."unitId" WHERE u.code = 'committee' AND t.year = $1 AND t."archivedAt" IS NULL`,
        [year],
      )
    ).rows.map((r) => ({
      id: r.id as number,
      periods: r.period === 'MONTHLY' ? [new Date().getUTCMonth() + 1] : [Math.ceil((new Date().getUTCMonth() + 1) / 3)],
    }));

    const end = until();
    const acked = new Map<string, Set<number>>();
    const published = new Set<string>();
    const written = new Map<string, Set<number>>();
    console.log(`load: ${people.length} readers, ${EDITORS} editors, ${MEASURERS} measurers for ${SECONDS} s…`);
    await Promise.all([
      ...people.map((u) => reader(u, branches, ackNotices, end, acked)),
      ...Array.from({ length: EDITORS }, (_, n) => editor(n % 2 ? 'info01' : 'sec01', n, end, published)),
      ...Array.from({ length: MEASURERS }, (_, n) => measurer(n, targets, end, written)),
    ]);

    // the database afterwards: every acknowledged write once, nothing twice
    // the secretary's saves publish at once, the information officer's wait for review: either way one item each
    const records = (
      await db.query(
        `SELECT r.fields->>'headline' AS h, count(DISTINCT r."itemId")::int AS n FROM "Revision" r WHERE r.fields->>'headline' LIKE '压力测试动态-%' GROUP BY 1`,
      )
    ).rows;
    const stored = new Map(records.map((r) => [r.h as string, r.n as number]));
    const lost = [...published].filter((h) => !stored.has(h));
    const doubled = [...stored].filter(([, n]) => n > 1);
    const receipts = (
      await db.query(
        `SELECT p.username, r."noticeId", count(*)::int AS n FROM "NoticeReceipt" r JOIN "Person" p ON p.id = r."personId" WHERE r."acknowledgedAt" IS NOT NULL GROUP BY 1, 2`,
      )
    ).rows;
    const receiptOf = new Map(receipts.map((r) => [`${r.username}:${r.noticeId}`, r.n as number]));
    const lostAcks = [...acked].flatMap(([u, ids]) => [...ids].filter((id) => !receiptOf.has(`${u}:${id}`)).map((id) => `${u}:${id}`));
    const figures = (
      await db.query(
        `SELECT "targetId", period, actual, count(*) OVER (PARTITION BY "targetId", period)::int AS n FROM "Measurement" WHERE "targetId" = ANY($1::int[])`,
        [targets.map((t) => t.id)],
      )
    ).rows;
    const badFigures = [...written].filter(([key, values]) => {
      const [t, p] = key.split(':').map(Number);
      const rows = figures.filter((f) => f.targetId === t && f.period === p);
      return rows.length !== 1 || !values.has(rows[0].actual);
    });

    console.log('\n| kind | requests | errors | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: | ---: |');
    for (const [k, s] of stats)
      console.log(`| ${k} | ${s.n} | ${s.errors} | ${pct(s.times, 50).toFixed(0)} | ${pct(s.times, 99).toFixed(0)} |`);
    console.log(`\nrecords saved: ${published.size} acknowledged, ${lost.length} lost, ${doubled.length} duplicated`);
    console.log(`notice acknowledgements: ${[...acked.values()].reduce((a, s) => a + s.size, 0)} acknowledged, ${lostAcks.length} lost`);
    console.log(`board figures: ${written.size} target periods written concurrently, ${badFigures.length} inconsistent`);
    const errors = [...stats.values()].reduce((a, s) => a + s.errors, 0);
    if (problems.length) console.log(`first problems:\n  ${problems.join('\n  ')}`);
    if (errors || lost.length || doubled.length || lostAcks.length || badFigures.length) process.exitCode = 1;
  } finally {
    await db?.end().catch(() => {});
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

await main();
