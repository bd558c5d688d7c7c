/**
 * `npm run bench`: the portal's pages against the physical limit of a Node process on this machine.
 *
 * 1. Loads the large organisation (demo + 200 branches × 5 years) into BENCH_DATA_DIR once (kept between runs).
 * 2. Starts the portal as its own process (`SQL_COUNT_HEADER=true`, so each page reports its SQL statements).
 * 3. For each page: fetches it once (status, bytes, SQL statements), then runs autocannon against it with a
 *    logged-in session, and against a bare `node:http` server that returns the same bytes: the ratio of the two is
 *    how close the portal comes to what Node itself can do here. The measures take turns in ROUNDS short slices, each
 *    figure the median of its slices, so a slow moment of the shared VM does not fall on one side of a ratio only.
 * 4. Measures login (argon2id) and a write (a secretary publishing a page revision) one request at a time.
 * 5. Prints the table and writes docs/PERFORMANCE.md.
 *
 * Settings: BENCH_SECONDS (12, per measure, in BENCH_ROUNDS (3) slices), BENCH_CONNECTIONS (16), BENCH_DATA_DIR (./data/bench), BENCH_BRANCHES (200), BENCH_YEARS (5).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildServer, SERVER_ARGS, SERVER_ENV } from '../src/server-args.js';
import { sessionCookie } from './session-cookie.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? './data/bench');
const BRANCHES = process.env.BENCH_BRANCHES ?? '200';
const YEARS = process.env.BENCH_YEARS ?? '5';
const PORT = 3900;
const PG_PORT = 54390;
const BASE = `http://127.0.0.1:${PORT}`;
const env = {
  ...process.env,
  DATA_DIR,
  PORT: String(PORT),
  EMBEDDED_PG_PORT: String(PG_PORT),
  LOG_LEVEL: 'info',
  SQL_COUNT_HEADER: 'true',
  SEED_DEMO: 'true',
};

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: 'inherit' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

async function waitReady(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the portal did not become ready');
}

/** A cookie jar of one session: logs in through the form like a browser. */
async function login(username: string): Promise<{ cookie: string; ms: number }> {
  const page = await fetch(`${BASE}/login`);
  const cookie = sessionCookie(page) ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const started = performance.now();
  const res = await fetch(`${BASE}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, username, password: 'Demo@2026' }),
  });
  const ms = performance.now() - started;
  if (res.status !== 303) throw new Error(`login of ${username} failed: ${res.status}`);
  return { cookie: sessionCookie(res) ?? cookie, ms };
}

type Measure = { rps: number; p50: number; p99: number; errors: number };

async function cannon(url: string, headers: Record<string, string>, seconds: number): Promise<Measure> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** Each target measured in turn, ROUNDS times, SECONDS / ROUNDS each; per target the median of its slices (errors summed). */
async function takingTurns(targets: { url: string; headers?: Record<string, string> }[]): Promise<Measure[]> {
  const slices: Measure[][] = targets.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of targets.entries()) slices[i].push(await cannon(t.url, t.headers ?? {}, SECONDS / ROUNDS));
  }
  return slices.map((s) => ({
    rps: median(s.map((m) => m.rps)),
    p50: median(s.map((m) => m.p50)),
    p99: median(s.map((m) => m.p99)),
    errors: s.reduce((n, m) => n + m.errors, 0),
  }));
}

/**
 * The programs that serve a page's response with nothing else: the limits the portal is compared with. They send the
 * same bytes as the portal, headers included (the security headers, no-store, the session cookie: 1.2 KB, as much as a
 * small page's body), so the comparison is with what Node itself needs to send that response.
 */
const BARE = {
  // the physical limit of a Node process
  http: (body: string, head: string) =>
    `const b=require('fs').readFileSync(${body});const h=require(${head});require('http').createServer((q,s)=>{s.writeHead(200,{...h,'content-length':b.length});s.end(b)}).listen(0,'127.0.0.1',function(){process.send(this.address().port)})`,
  // Express 5 with no middleware: what the framework itself leaves of that limit
  express: (body: string, head: string) =>
    `const b=require('fs').readFileSync(${body},'utf8');const h=require(${head});const a=require('express')();a.get('/',(q,s)=>s.set(h).send(b));const l=a.listen(0,'127.0.0.1',()=>process.send(l.address().port))`,
};

/** The portal response's headers as the bare servers send them (those Node sets itself left out). */
function sentHeaders(res: Response): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'set-cookie'].includes(name)) out[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  return out;
}

/** Starts one of the BARE servers in its own process with `body` as its page and `headers` as its headers. */
function bareServer(
  kind: keyof typeof BARE,
  body: string,
  headers: Record<string, string | string[]>,
): Promise<{ url: string; child: ChildProcess }> {
  const file = path.join(os.tmpdir(), `bench-body-${process.pid}.html`);
  const head = path.join(os.tmpdir(), `bench-head-${process.pid}.json`);
  writeFileSync(file, body);
  writeFileSync(head, JSON.stringify(headers));
  const child = spawn(process.execPath, ['-e', BARE[kind](JSON.stringify(file), JSON.stringify(head))], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve) => child.once('message', (port) => resolve({ url: `http://127.0.0.1:${port}/`, child })));
}

/** Median of five requests one at a time, after ten unmeasured ones (a portal runs for days: its code is compiled). */
async function singleMs(url: string, headers: Record<string, string>): Promise<number> {
  for (let i = 0; i < 10; i++) await fetch(url, { headers }).then((r) => r.text());
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await fetch(url, { headers }).then((r) => r.text());
    times.push(performance.now() - t0);
  }
  return median(times);
}

function peakMemoryMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function main() {
  console.log(`loading the large organisation into ${DATA_DIR} (once)…`);
  await run(process.execPath, ['--import', 'tsx', 'src/cli/seed-large.ts', BRANCHES, YEARS]);
  buildServer();
  // The portal logs as deployed (the default level, a line per request) into a file, as a supervisor would keep it.
  const log = openSync(path.join(DATA_DIR, 'server.log'), 'w');
  const server = spawn(process.execPath, SERVER_ARGS, { env: { ...env, ...SERVER_ENV }, stdio: ['ignore', log, log] });
  try {
    await waitReady();
    const member = await login('member01');
    const office = await login('office');
    const pages = [
      { name: '首页 /', path: '/', who: member },
      { name: '单位网站 /units/b01', path: '/units/b01', who: member },
      { name: '模块页面 /units/b01/modules/overview', path: '/units/b01/modules/overview', who: member },
      { name: '记录列表 /units/L001/modules/meetings', path: '/units/L001/modules/meetings', who: member },
      { name: '支部管理板 /units/b01/board', path: '/units/b01/board', who: member },
      { name: '党委管理板 /units/committee/board', path: '/units/committee/board', who: member },
      { name: '每日巡检 /review（212 个支部）', path: '/review', who: office },
    ];
    const rows = [];
    // One request at a time first, on a server no load has gone through yet: what a person waits for a page.
    const singles = [];
    for (const p of pages) {
      const res = await fetch(BASE + p.path, { headers: { cookie: p.who.cookie } });
      const body = await res.text();
      const headers = sentHeaders(res);
      if (res.status !== 200) throw new Error(`${p.path} answered ${res.status}`);
      // Cold: the caches left aside (X-Read-Cache: off), what the page costs after a write; warm: rendered again from
      // the read cache (X-Page-Cache: off), what it costs someone else reading it; kept: the same session reading it again.
      const cold = await fetch(BASE + p.path, { headers: { cookie: p.who.cookie, 'x-read-cache': 'off' } });
      await cold.text();
      const sql = Number(cold.headers.get('x-sql-queries'));
      const single = await singleMs(BASE + p.path, { cookie: p.who.cookie, 'x-read-cache': 'off' });
      const warm = await fetch(BASE + p.path, { headers: { cookie: p.who.cookie, 'x-page-cache': 'off' } });
      await warm.text();
      const warmSql = Number(warm.headers.get('x-sql-queries'));
      const warmSingle = await singleMs(BASE + p.path, { cookie: p.who.cookie, 'x-page-cache': 'off' });
      const keptSingle = await singleMs(BASE + p.path, { cookie: p.who.cookie });
      singles.push({ body, headers, sql, warmSql, single, warmSingle, keptSingle });
    }
    // Then throughput, each page against the bare servers returning its bytes.
    for (const [i, p] of pages.entries()) {
      const { body, headers, sql, warmSql, single, warmSingle, keptSingle } = singles[i];
      const bare = await bareServer('http', body, headers);
      const ex = await bareServer('express', body, headers);
      const [app, rendered, limit, framework] = await takingTurns([
        { url: BASE + p.path, headers: { cookie: p.who.cookie } },
        { url: BASE + p.path, headers: { cookie: p.who.cookie, 'x-page-cache': 'off' } },
        { url: bare.url },
        { url: ex.url },
      ]);
      bare.child.kill();
      ex.child.kill();
      rows.push({
        ...p,
        sql,
        warmSql,
        kb: Math.round(Buffer.byteLength(body) / 1024),
        single,
        warmSingle,
        keptSingle,
        app,
        rendered,
        limit,
        framework,
      });
      console.log(
        `${p.name}: ${app.rps.toFixed(0)} req/s kept, ${rendered.rps.toFixed(0)} rendered (bare ${limit.rps.toFixed(0)}, express ${framework.rps.toFixed(0)}), p99 ${app.p99}/${rendered.p99} ms, ${sql}/${warmSql} SQL, errors ${app.errors + rendered.errors}`,
      );
    }
    const logins = [];
    for (let i = 0; i < 10; i++) logins.push((await login('member01')).ms);
    const writes = await publishRevisions(await login('sec01'), 10);
    const memory = peakMemoryMb(server.pid!);
    writeReport(rows, logins, writes, memory);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

/** A secretary saves the branch overview page; their save publishes at once (one revision per request). */
async function publishRevisions(who: { cookie: string }, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const form = await (await fetch(`${BASE}/units/b01/modules/overview/edit`, { headers: { cookie: who.cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(form)![1];
    const base = /name="baseNumber" value="(\d+)"/.exec(form)?.[1] ?? '0';
    const started = performance.now();
    const res = await fetch(`${BASE}/units/b01/modules/overview/edit`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: token,
        title: '支部概况',
        body: `<p>性能测试第 ${i + 1} 次发布。</p>`,
        baseNumber: base,
        intent: 'publish',
      }),
    });
    times.push(performance.now() - started);
    if (res.status !== 303) throw new Error(`publishing failed: ${res.status}`);
  }
  return times;
}

const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Result = { rps: number; p50: number; p99: number; errors: number };

function writeReport(
  rows: {
    name: string;
    sql: number;
    warmSql: number;
    kb: number;
    single: number;
    warmSingle: number;
    keptSingle: number;
    app: Result;
    rendered: Result;
    limit: Result;
    framework: Result;
  }[],
  logins: number[],
  writes: number[],
  memory: number,
) {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const table = [
    '| 页面 | SQL 冷/热 | 大小 KB | 单次 ms 冷/热/重读 | 重读 请求/秒 | p50 / p99 ms | 渲染 请求/秒 | p50 / p99 ms | 裸 node:http 请求/秒 | 比例 重读/渲染 | 裸 Express 请求/秒 | 比例 重读/渲染 | 错误 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.sql} / ${r.warmSql} | ${r.kb} | ${r.single.toFixed(1)} / ${r.warmSingle.toFixed(1)} / ${r.keptSingle.toFixed(1)} | ${r.app.rps.toFixed(0)} | ${r.app.p50} / ${r.app.p99} | ${r.rendered.rps.toFixed(0)} | ${r.rendered.p50} / ${r.rendered.p99} | ${r.limit.rps.toFixed(0)} | ${pct(r.app.rps, r.limit.rps)} / ${pct(r.rendered.rps, r.limit.rps)} | ${r.framework.rps.toFixed(0)} | ${pct(r.app.rps, r.framework.rps)} / ${pct(r.rendered.rps, r.framework.rps)} | ${r.app.errors + r.rendered.errors} |`,
    ),
  ].join('\n');
  const measured = `<!-- bench:start (written by npm run bench; the text after bench:end is kept) -->
# Performance

Measured by \`npm run bench\` (scripts/bench.ts) on ${date}, ${machine}. Database: the demo organisation plus the
large one (${BRANCHES} branches, ${YEARS} years of pages, records, board figures, inspections and countermeasures) in the
embedded PostgreSQL on the same machine; the portal started as \`npm start\` does, logging a line per request (the default
level) to a file. ${CONNECTIONS} connections, ${SECONDS} s per measure in ${ROUNDS} slices taken in turns with the other measures of the page (each figure the median of its slices), logged in (a member; the office for the review). "裸 node:http" is a bare Node server returning the same bytes, headers included (security headers, no-store, the
session cookie: about 1.2 KB; before 2026-11-27 evening the bare servers sent only the body and a content type): the
physical limit of one Node process here; "裸 Express" is Express 5 with no middleware returning them: what the
framework itself leaves of that limit.
"冷" is a request with the caches left aside (what a page costs right after a write); "热" the page rendered again with
its reads from the read cache (session and data generation from the change feed: no SQL), what it costs each further
person who opens it; "重读" the same session reading it again, sent from the page cache before Express
(src/web/middleware/page-cache.ts). 单次 is the median of five requests one at a time after ten unmeasured ones, before
any load. "重读" throughput is one member reading the page again and again (the page cache answers); "渲染" the same with
the page cache left aside (\`X-Page-Cache: off\`): every request routed and rendered, as for many different people.

${table}

- Login (argon2id, memory 19 MiB, 2 passes, the library's defaults): median ${median(logins).toFixed(0)} ms per login, one at a time.
- Write: a secretary publishing a page revision (transaction with the revision, the item, the module status and the
  audit entry): median ${median(writes).toFixed(0)} ms per request, one at a time.
- Peak memory of the portal process (VmHWM): ${memory} MB.

The cold SQL column is what proves that cost does not grow with the organisation: the same pages make the same number
of statements with 12 branches (tests/…/query-count tests) as with ${Number(BRANCHES) + 12} here.
<!-- bench:end -->`;
  let kept = '';
  try {
    const old = readFileSync('docs/PERFORMANCE.md', 'utf8');
    kept = old.includes('<!-- bench:end -->') ? old.slice(old.indexOf('<!-- bench:end -->') + '<!-- bench:end -->'.length) : '';
  } catch {
    /* first run */
  }
  const md = measured + (kept || '\n');
  writeFileSync('docs/PERFORMANCE.md', md);
  console.log(
    `\n${table}\n\nlogin median ${median(logins).toFixed(0)} ms; publish median ${median(writes).toFixed(0)} ms; peak memory ${memory} MB\nwritten to docs/PERFORMANCE.md`,
  );
}

await main();
