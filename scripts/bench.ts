/**
 * `npm run bench [-- --against <commit>]`: the portal's pages as many people use them, against the physical limit of a
 * Node process on this machine, and against an earlier commit of the portal on the same data in the same run.
 *
 * 1. Loads the large organisation (demo + 200 branches × 5 years) into BENCH_DATA_DIR once (kept between runs), with
 *    the earlier commit's code when there is one, so that both sides start from the same rows.
 * 2. Starts the portal (and the earlier commit's, on a copy of that data) as its own process with SQL_COUNT_HEADER.
 * 3. "Many people": CONNECTIONS connections, each request from another logged-in employee for a page that employee
 *    has not just read (another branch's board, unit site or module page; the review for the office's staff), taken in
 *    turns with the earlier commit and a bare `node:http` server sending a page of the same kind's bytes and headers.
 * 4. Each page once, one request at a time: its SQL statements (cold and with the cache), size and time.
 * 5. Login (argon2id) and a write (a secretary publishing a page revision) one request at a time.
 * 6. Prints the table and writes docs/PERFORMANCE.md (the text after its bench:end mark is kept).
 *
 * Settings: BENCH_SECONDS (12 per measure, in BENCH_ROUNDS (3) slices), BENCH_CONNECTIONS (16), BENCH_DATA_DIR
 * (./data/bench), BENCH_BRANCHES (200), BENCH_YEARS (5), BENCH_AGAINST (a commit; or `--against <commit>`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { SERVER_ARGS, SERVER_ENV } from '../src/server-args.js';
import { cutQueries, SEARCH_TEXTS_SQL } from './search-queries.js';
import { allCookies, sessionCookie } from './session-cookie.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? './data/bench');
const BRANCHES = process.env.BENCH_BRANCHES ?? '200';
const YEARS = process.env.BENCH_YEARS ?? '5';
const AGAINST = process.argv.includes('--against') ? process.argv[process.argv.indexOf('--against') + 1] : process.env.BENCH_AGAINST;
const ROOT = path.resolve(import.meta.dirname, '..');
const PEOPLE = 64;
const OFFICE_STAFF = 8;

interface Side {
  name: string;
  root: string;
  dataDir: string;
  port: number;
  pgPort: number;
  base: string;
  server?: ChildProcess;
}

const side = (name: string, root: string, dataDir: string, port: number, pgPort: number): Side => ({
  name,
  root,
  dataDir,
  port,
  pgPort,
  base: `http://127.0.0.1:${port}`,
});

const envOf = (s: Side) => ({
  ...process.env,
  ...SERVER_ENV,
  DATA_DIR: s.dataDir,
  PORT: String(s.port),
  EMBEDDED_PG_PORT: String(s.pgPort),
  LOG_LEVEL: 'info',
  SQL_COUNT_HEADER: 'true',
  SEED_DEMO: 'true',
});

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  execFileSync(cmd, args, { cwd, env, stdio: 'inherit' });
}

/** A build of `commit` beside this checkout (the same node_modules), made once. */
function checkoutOf(commit: string): string {
  const sha = execFileSync('git', ['rev-parse', commit], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = path.join(os.tmpdir(), `djportal-bench-${sha.slice(0, 12)}`);
  if (!existsSync(path.join(dir, 'dist/server.js'))) {
    rmSync(dir, { recursive: true, force: true });
    run('git', ['worktree', 'add', '--force', '--detach', dir, sha], ROOT);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    run(process.execPath, [path.join(ROOT, 'node_modules/prisma/build/index.js'), 'generate'], dir, {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true',
    });
    run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], dir);
  }
  return dir;
}

/** Seeds the large organisation with `s`'s code (once), then adds the office staff the review is measured with. */
async function prepareData(s: Side): Promise<void> {
  mkdirSync(s.dataDir, { recursive: true });
  console.log(`loading the large organisation into ${s.dataDir} (once)…`);
  run(process.execPath, ['--import', 'tsx', 'src/cli/seed-large.ts', BRANCHES, YEARS], s.root, envOf(s));
}

async function start(s: Side): Promise<void> {
  const log = openSync(path.join(s.dataDir, 'server.log'), 'w');
  s.server = spawn(process.execPath, SERVER_ARGS, { cwd: s.root, env: envOf(s), stdio: ['ignore', log, log] });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${s.base}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${s.name}: the portal did not become ready`);
}

async function stop(s: Side): Promise<void> {
  if (!s.server || s.server.exitCode !== null) return;
  s.server.kill('SIGTERM');
  await new Promise((r) => s.server!.once('exit', r));
}

/** The people and branches of the organisation, read from its database; office staff added once (the review's readers). */
async function organisation(s: Side) {
  const password = readFileSync(path.join(s.dataDir, 'pg-password'), 'utf8').trim();
  const db = new pg.Client({ connectionString: `postgresql://portal:${encodeURIComponent(password)}@127.0.0.1:${s.pgPort}/portal` });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO "Person" (username, "displayName", "passwordHash", "partyStatus", "createdAt", "updatedAt")
       SELECT 'bench-office-' || n, '党务室测试员' || n, o."passwordHash", 'FULL', now(), now()
         FROM generate_series(1, $1::int) n, (SELECT "passwordHash" FROM "Person" WHERE username = 'office') o
       ON CONFLICT (username) DO NOTHING`,
      [OFFICE_STAFF],
    );
    await db.query(
      `INSERT INTO "RoleGrant" ("personId", role, "createdAt")
       SELECT id, 'OFFICE', now() FROM "Person" p WHERE username LIKE 'bench-office-%'
          AND NOT EXISTS (SELECT 1 FROM "RoleGrant" g WHERE g."personId" = p.id AND g.role = 'OFFICE')`,
    );
    const people = await db.query<{ username: string }>(
      `SELECT p.username FROM "Person" p WHERE p.username LIKE 'L%' AND p.active
          AND EXISTS (SELECT 1 FROM "RoleGrant" g WHERE g."personId" = p.id AND g.role = 'MEMBER')
        ORDER BY p.id LIMIT $1`,
      [PEOPLE],
    );
    const branches = await db.query<{ code: string }>(`SELECT code FROM "Unit" WHERE kind = 'BRANCH' AND "archivedAt" IS NULL ORDER BY id`);
    const office = Array.from({ length: OFFICE_STAFF }, (_, i) => `bench-office-${i + 1}`);
    return { people: people.rows.map((r) => r.username), branches: branches.rows.map((r) => r.code), office };
  } finally {
    await db.end();
  }
}

/** A session of `username`, logged in through the form like a browser. */
async function login(base: string, username: string): Promise<{ cookie: string; ms: number }> {
  const page = await fetch(`${base}/login`);
  const cookie = allCookies(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const started = performance.now();
  const res = await fetch(`${base}/login`, {
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
/** What autocannon is pointed at: one URL, or each request another person's cookie and another path. */
type Load = { url: string; cookies?: string[]; paths?: string[] };

/** Requests sent so far, over every slice: each (person, branch) pair comes once before any comes again. */
const sent = new Map<Load, number>();

async function cannon(load: Load, seconds: number): Promise<Measure> {
  const { cookies, paths } = load;
  const requests =
    cookies && paths
      ? [
          {
            setupRequest: (req: Record<string, unknown>) => {
              const n = sent.get(load) ?? 0;
              sent.set(load, n + 1);
              const path = paths[Math.floor(n / cookies.length) % paths.length];
              return { ...req, path, headers: { cookie: cookies[n % cookies.length] } };
            },
          },
        ]
      : undefined;
  const r = await autocannon({ url: load.url, connections: CONNECTIONS, duration: seconds, requests });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** Each load measured in turn, ROUNDS times, SECONDS / ROUNDS each; per load the median of its slices (errors summed). */
async function takingTurns(loads: Load[]): Promise<Measure[]> {
  const slices: Measure[][] = loads.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, l] of loads.entries()) slices[i].push(await cannon(l, SECONDS / ROUNDS));
  }
  return slices.map((s) => ({
    rps: median(s.map((m) => m.rps)),
    p50: median(s.map((m) => m.p50)),
    p99: median(s.map((m) => m.p99)),
    errors: s.reduce((n, m) => n + m.errors, 0),
  }));
}

/**
 * A bare Node server returning one response of the portal, headers included (security headers, no-store, the session
 * cookie): the physical limit of a Node process here, for the same bytes.
 */
function bareServer(body: string, headers: Record<string, string | string[]>): Promise<{ url: string; child: ChildProcess }> {
  const file = path.join(os.tmpdir(), `bench-body-${process.pid}.html`);
  const head = path.join(os.tmpdir(), `bench-head-${process.pid}.json`);
  writeFileSync(file, body);
  writeFileSync(head, JSON.stringify(headers));
  const code = `const b=require('fs').readFileSync(${JSON.stringify(file)});const h=require(${JSON.stringify(head)});require('http').createServer((q,s)=>{s.writeHead(200,{...h,'content-length':b.length});s.end(b)}).listen(0,'127.0.0.1',function(){process.send(this.address().port)})`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.once('message', (port) => resolve({ url: `http://127.0.0.1:${port}/`, child })));
}

/** The portal response's headers as the bare server sends them (those Node sets itself left out). */
function sentHeaders(res: Response): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'set-cookie'].includes(name)) out[name] = value;
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  return out;
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

/** The kinds of page measured: each request of a kind another branch's page (or the same page, for the committee's). */
const KINDS = [
  { name: '首页 /', path: () => '/' },
  { name: '单位网站 /units/:code', path: (b: string) => `/units/${b}` },
  { name: '模块页面 /units/:code/modules/overview', path: (b: string) => `/units/${b}/modules/overview` },
  { name: '支部管理板 /units/:code/board', path: (b: string) => `/units/${b}/board` },
  { name: '党委管理板 /units/committee/board', path: () => '/units/committee/board' },
  { name: '每日巡检 /review（办公室人员）', path: () => '/review', office: true },
];

interface Row {
  name: string;
  kb: number;
  sql: number;
  keptSql: number;
  single: number;
  keptSingle: number;
  b: Measure;
  a?: Measure;
  limit: Measure;
}

async function main() {
  const old = AGAINST ? checkoutOf(AGAINST) : undefined;
  const b = side('this commit', ROOT, path.join(DATA_DIR, 'b'), 3900, 54390);
  const a = old ? side(`${AGAINST}`, old, path.join(DATA_DIR, 'a'), 3901, 54391) : undefined;
  // the rows come from one seed (the earlier commit's, whose schema the later one migrates from): the same data on both sides
  const seeded = a ?? b;
  await prepareData(seeded);
  if (a) {
    rmSync(b.dataDir, { recursive: true, force: true });
    // cp -a: the cluster's files keep their owner (PostgreSQL's user) and modes, which PostgreSQL checks
    run('cp', ['-a', a.dataDir, b.dataDir], ROOT);
  }
  run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], ROOT);
  const sides = a ? [a, b] : [b];
  try {
    for (const s of sides) await start(s);
    const org = await organisation(b);
    if (a) await organisation(a);
    const sessions = new Map<Side, { people: string[]; office: string[] }>();
    for (const s of sides) {
      const people = [];
      for (const u of org.people) people.push((await login(s.base, u)).cookie);
      const office = [];
      for (const u of org.office) office.push((await login(s.base, u)).cookie);
      sessions.set(s, { people, office });
    }
    const rows: Row[] = [];
    for (const kind of KINDS) {
      const paths = [...new Set(org.branches.map((c) => kind.path(c)))];
      const cookiesOf = (s: Side) => (kind.office ? sessions.get(s)!.office : sessions.get(s)!.people);
      const sample = await fetch(b.base + paths[0], { headers: { cookie: cookiesOf(b)[0] } });
      const body = await sample.text();
      if (sample.status !== 200) throw new Error(`${paths[0]} answered ${sample.status}`);
      const cold = await fetch(b.base + paths[0], { headers: { cookie: cookiesOf(b)[0], 'x-cache': 'off' } });
      await cold.text();
      const kept = await fetch(b.base + paths[0], { headers: { cookie: cookiesOf(b)[1] } });
      await kept.text();
      const single = await singleMs(b.base + paths[0], { cookie: cookiesOf(b)[0], 'x-cache': 'off' });
      const keptSingle = await singleMs(b.base + paths[0], { cookie: cookiesOf(b)[0] });
      const bare = await bareServer(body, sentHeaders(sample));
      const loads: Load[] = [
        { url: b.base, cookies: cookiesOf(b), paths },
        { url: bare.url },
        ...(a ? [{ url: a.base, cookies: cookiesOf(a), paths }] : []),
      ];
      const [mb, limit, ma] = await takingTurns(loads);
      bare.child.kill();
      rows.push({
        name: kind.name,
        kb: Math.round(Buffer.byteLength(body) / 1024),
        sql: Number(cold.headers.get('x-sql-queries')),
        keptSql: Number(kept.headers.get('x-sql-queries')),
        single,
        keptSingle,
        b: mb,
        a: ma,
        limit,
      });
      console.log(
        `${kind.name}: ${mb.rps.toFixed(0)} req/s, p99 ${mb.p99} ms${ma ? ` (${a!.name}: ${ma.rps.toFixed(0)}, p99 ${ma.p99})` : ''}; bare ${limit.rps.toFixed(0)}; errors ${mb.errors + (ma?.errors ?? 0)}`,
      );
    }
    const logins = [];
    for (let i = 0; i < 10; i++) logins.push((await login(b.base, 'member01')).ms);
    const writes = await publishRevisions(b.base, await login(b.base, 'sec01'), 10);
    const searched = await measureSearch(sides, (s) => sessions.get(s)!.people, await searchQueries(b, 300));
    const memory = peakMemoryMb(b.server!.pid!);
    writeReport(rows, a?.name, logins, writes, memory, searched.get(b)!, a && searched.get(a));
  } finally {
    for (const s of sides) await stop(s);
  }
}

/** Search queries cut from the organisation's texts (scripts/search-queries.ts). */
async function searchQueries(s: Side, n: number): Promise<string[]> {
  const password = readFileSync(path.join(s.dataDir, 'pg-password'), 'utf8').trim();
  const db = new pg.Client({ connectionString: `postgresql://portal:${encodeURIComponent(password)}@127.0.0.1:${s.pgPort}/portal` });
  await db.connect();
  const { rows } = await db.query<{ t: string }>(SEARCH_TEXTS_SQL).finally(() => db.end());
  return cutQueries(rows, n);
}

type SearchTimes = { n: number; p50: number; p95: number; sql: number };

/**
 * Each query once on each side, one at a time, by another of the people, the sides in turns (which goes first
 * alternates): p50 and p95 in ms, and the statements of one search, per side.
 */
async function measureSearch(sides: Side[], cookiesOf: (s: Side) => string[], queries: string[]) {
  const times = new Map(sides.map((s) => [s, [] as number[]]));
  const sql = new Map(sides.map((s) => [s, 0]));
  for (const [i, q] of queries.entries()) {
    for (const s of i % 2 ? [...sides].reverse() : sides) {
      const started = performance.now();
      const res = await fetch(`${s.base}/search?q=${encodeURIComponent(q)}`, {
        headers: { cookie: cookiesOf(s)[i % cookiesOf(s).length] },
      });
      await res.text();
      times.get(s)!.push(performance.now() - started);
      sql.set(s, Number(res.headers.get('x-sql-queries')));
    }
  }
  return new Map(
    sides.map((s) => {
      const t = times.get(s)!.sort((x, y) => x - y);
      return [s, { n: queries.length, p50: t[Math.floor(t.length / 2)], p95: t[Math.floor(t.length * 0.95)], sql: sql.get(s)! }];
    }),
  );
}

/** A secretary saves the branch overview page; their save publishes at once (one revision per request). */
async function publishRevisions(base: string, who: { cookie: string }, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const form = await (await fetch(`${base}/units/b01/modules/overview/edit`, { headers: { cookie: who.cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(form)![1];
    const baseNumber = /name="baseNumber" value="(\d+)"/.exec(form)?.[1] ?? '0';
    const started = performance.now();
    const res = await fetch(`${base}/units/b01/modules/overview/edit`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: token,
        title: '支部概况',
        body: `<p>性能测试第 ${i + 1} 次发布。</p>`,
        baseNumber,
        intent: 'publish',
      }),
    });
    times.push(performance.now() - started);
    if (res.status !== 303) throw new Error(`publishing failed: ${res.status}`);
  }
  return times;
}

const ratio = (a: number, b: number) => (a / b).toFixed(2);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

function writeReport(
  rows: Row[],
  against: string | undefined,
  logins: number[],
  writes: number[],
  memory: number,
  searched: SearchTimes,
  searchedBefore: SearchTimes | undefined,
) {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const ab = against ? ` ${against} 请求/秒 | p50 / p99 ms | 比例 |` : '';
  const table = [
    `| 页面 | SQL 冷/缓存 | 大小 KB | 单次 ms 冷/缓存 | 本提交 请求/秒 | p50 / p99 ms | 裸 node:http 请求/秒 | 比例 |${ab} 错误 |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |${against ? ' ---: | ---: | ---: |' : ''} ---: |`,
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.sql} / ${r.keptSql} | ${r.kb} | ${r.single.toFixed(1)} / ${r.keptSingle.toFixed(1)} | ${r.b.rps.toFixed(0)} | ${r.b.p50} / ${r.b.p99} | ${r.limit.rps.toFixed(0)} | ${ratio(r.b.rps, r.limit.rps)} |${r.a ? ` ${r.a.rps.toFixed(0)} | ${r.a.p50} / ${r.a.p99} | ${ratio(r.a.rps, r.limit.rps)} |` : ''} ${r.b.errors + (r.a?.errors ?? 0)} |`,
    ),
  ].join('\n');
  const measured = `<!-- bench:start (written by npm run bench; the text after bench:end is kept) -->
# Performance

Measured by \`npm run bench${against ? ` -- --against ${against}` : ''}\` (scripts/bench.ts) on ${date}, ${machine}. Database: the
demo organisation plus the large one (${BRANCHES} branches, ${YEARS} years of pages, records, board figures, inspections and
countermeasures) in the embedded PostgreSQL on the same machine${against ? `; ${against} ran on a copy of the same data` : ''}. Each portal
started as \`npm start\` does, logging a line per request to a file.

**Many people** (the throughput columns): ${CONNECTIONS} connections, each request from another of ${PEOPLE} logged-in employees (the
review: ${OFFICE_STAFF} office staff) for another branch's page (${BRANCHES} branches and the demo's; the home page and the
committee's board are one page read by each of them), ${SECONDS} s per measure in ${ROUNDS} slices taken in turns with the other
measures of the kind (each figure the median of its slices). "裸 node:http" is a bare Node server sending one such page's
bytes, headers included (security headers, no-store, the session cookie): the physical limit of one Node process here;
"比例" is the portal's throughput over it. "SQL 冷/缓存" are one page's statements with the cache left aside
(\`X-Cache: off\`, what it costs right after a write) and with what another reader left in the cache; "单次" the median
of five requests one at a time after ten unmeasured ones.

${table}

- Login (argon2id, memory 19 MiB, 2 passes, the library's defaults): median ${median(logins).toFixed(0)} ms per login, one at a time.
- Write: a secretary publishing a page revision (transaction with the revision, the item, the module status and the
  audit entry): median ${median(writes).toFixed(0)} ms per request, one at a time.
- Search (\`/search?q=\`): ${searched.n} distinct queries of 1–8 characters cut from the organisation's texts (one in five with
  a unit code or a year), one at a time, the same queries on each side in turns: p50 ${searched.p50.toFixed(0)} ms, p95 ${searched.p95.toFixed(0)} ms; ${searched.sql} SQL statements each${
    searchedBefore && against
      ? ` (${against}: p50 ${searchedBefore.p50.toFixed(0)} ms, p95 ${searchedBefore.p95.toFixed(0)} ms; ${searchedBefore.sql} statements)`
      : ''
  }.
- Peak memory of the portal process (VmHWM): ${memory} MB.
<!-- bench:end -->`;
  let kept = '';
  try {
    const old = readFileSync('docs/PERFORMANCE.md', 'utf8');
    kept = old.includes('<!-- bench:end -->') ? old.slice(old.indexOf('<!-- bench:end -->') + '<!-- bench:end -->'.length) : '';
  } catch {
    /* first run */
  }
  writeFileSync('docs/PERFORMANCE.md', measured + (kept || '\n'));
  console.log(
    `\n${table}\n\nlogin median ${median(logins).toFixed(0)} ms; publish median ${median(writes).toFixed(0)} ms; peak memory ${memory} MB\nwritten to docs/PERFORMANCE.md`,
  );
}

await main();
