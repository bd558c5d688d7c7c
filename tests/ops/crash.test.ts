import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../../src/db/client.js';
import { hashPassword } from '../../src/domain/auth/passwords.js';
import type { Agent } from '../helpers/app.js';
import { PDF } from '../files/fixtures.js';
import { postMultipart } from '../helpers/multipart.js';
import { freePort } from '../helpers/ports.js';
import { isAlive, loginAt, postmasterPid, startServer, stopLeftoverPostgres, stopServer, type ServerProcess } from '../helpers/server.js';

const PASSWORD = 'Crash#2026pass';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The checksum of every file any writer sent. */
const sent = new Set<string>();

/** Publishing page revisions as fast as one client can, each with a PDF of its own; a 303 is an acknowledgement. */
class Writer {
  acked: string[] = [];
  statuses: number[] = [];
  /** Answers other than 303 and 503, with the page's message. */
  unexpected: string[] = [];
  private n = 0;
  private stopped = false;
  private done: Promise<void> | undefined;

  constructor(
    private agent: Agent,
    private page: string,
    private withFiles: boolean,
  ) {}

  start(): this {
    this.done = this.loop();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }

  /** Stops at once (the server has just been killed): whatever is in flight is not acknowledged. */
  halt(): void {
    this.stopped = true;
  }

  private answered(res: { status: number; text: string }): void {
    this.statuses.push(res.status);
    if (res.status !== 303 && res.status !== 503)
      this.unexpected.push(`${res.status} ${/<h1>[^]*?<p>([^<]*)/.exec(res.text)?.[1] ?? res.text.slice(0, 300)}`);
  }

  private async base(): Promise<number> {
    const res = await this.agent.get(`${this.page}/edit`);
    if (res.status !== 200) this.answered(res);
    const m = /name="baseNumber" value="(\d+)"/.exec(res.text);
    if (!m) throw new Error(`no edit form (${res.status})`);
    return Number(m[1]);
  }

  private async loop(): Promise<void> {
    let base: number | undefined;
    while (!this.stopped) {
      try {
        base ??= await this.base();
        const title = `${path.basename(this.page)}-${++this.n}`;
        const data = Buffer.concat([PDF, Buffer.from(`%${title}\n`), Buffer.alloc(128 * 1024, 0x20)]);
        if (this.withFiles) sent.add(sha256(data));
        const files = this.withFiles ? [{ name: `${title}.pdf`, data }] : [];
        const res = await postMultipart(
          this.agent,
          `${this.page}/edit`,
          { title, body: `<p>${title}</p>`, baseNumber: base, intent: 'publish' },
          files,
        );
        if (this.stopped) return;
        this.answered(res);
        if (res.status === 303) {
          this.acked.push(title);
          base++;
        } else base = undefined; // the save may have landed without its answer: read the head again
      } catch {
        if (this.stopped) return;
        base = undefined;
        await sleep(100);
      }
    }
  }
}

/** An upload that never finishes: the app holds a file in transit when it is killed. */
function hangingUpload(base: string): http.ClientRequest {
  const req = http.request(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=XYZ', 'transfer-encoding': 'chunked' },
  });
  req.on('error', () => {});
  req.write('--XYZ\r\nContent-Disposition: form-data; name="attachments"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n');
  req.write(Buffer.alloc(256 * 1024, 0x20));
  return req;
}

function filesUnder(dir: string, rel = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(path.join(dir, e.name), r) : [r];
  });
}

describe('crash safety of the real server', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djportal-crash-'));
  const uploads = path.join(dataDir, 'uploads');
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let db: Database;
  let unitCode: string;

  const writers = async (s: ServerProcess) => {
    const agent = await loginAt(s.base, 'crashsec', PASSWORD);
    return [
      new Writer(agent, `/units/${unitCode}/modules/study`, true).start(),
      new Writer(agent, `/units/${unitCode}/modules/plan`, false).start(),
    ];
  };

  /**
   * Every acknowledged title is a revision; every stored file is whole (its row's size and checksum match its bytes
   * in the database) and linked to a revision; nothing on the node's disk.
   */
  const expectNothingLost = async (ws: Writer[]) => {
    const titles = new Set((await db.prisma.revision.findMany({ select: { title: true } })).map((r) => r.title));
    for (const w of ws) for (const t of w.acked) expect(titles, `acknowledged ${t}`).toContain(t);
    expect(filesUnder(uploads)).toEqual([]);
    const rows = await db.prisma.attachment.findMany({ include: { revisions: { select: { revisionId: true } } } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const chunks = await db.prisma.fileChunk.findMany({ where: { blobId: row.blobId! }, orderBy: { n: 'asc' } });
      const bytes = Buffer.concat(chunks.map((c) => c.data));
      expect(bytes.length).toBe(row.size);
      expect(sha256(bytes)).toBe(row.sha256);
      expect(sent).toContain(row.sha256);
      expect(row.revisions.length).toBeGreaterThan(0);
    }
    expect(await db.prisma.fileBlob.count({ where: { attachments: { none: {} } } })).toBe(0);
  };

  beforeAll(async () => {
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
    };
    server = await startServer(env);
    const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    db = connectDatabase(`postgresql://portal:${password}@127.0.0.1:${env.EMBEDDED_PG_PORT}/portal`, { max: 2 });
    const unit = await db.prisma.unit.create({
      data: { code: 'crash01', name: '崩溃测试党支部', kind: 'BRANCH', location: '十堰', factory: '部件一厂' },
    });
    unitCode = unit.code;
    await db.prisma.person.create({
      data: {
        username: 'crashsec',
        displayName: '崩溃测试书记',
        passwordHash: await hashPassword(PASSWORD),
        partyStatus: 'FULL',
        homeUnitId: unit.id,
        grants: {
          create: [
            { role: 'SECRETARY', unitId: unit.id },
            { role: 'MEMBER', unitId: unit.id },
          ],
        },
      },
    });
  }, 120_000);

  afterAll(async () => {
    await db?.close().catch(() => {});
    if (server) await stopServer(server.child);
    await stopLeftoverPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('kill -9 of the app while it writes and receives files: after a restart every acknowledged write is there, no half-written file', async () => {
    const ws = await writers(server!);
    while (ws.reduce((n, w) => n + w.acked.length, 0) < 6) await sleep(50);
    const hanging = hangingUpload(server!.base);
    await sleep(200); // the app holds part of a file in memory, never on its disk
    server!.child.kill('SIGKILL');
    ws.forEach((w) => w.halt());
    await new Promise((r) => server!.child.once('exit', r));
    hanging.destroy();

    server = await startServer(env);
    await expectNothingLost(ws);
    expect(ws[0].acked.length + ws[1].acked.length).toBeGreaterThanOrEqual(6);
  }, 60_000);

  it('kill -9 of the embedded PostgreSQL during writes: the app answers 503 meanwhile, restarts it by itself, and loses no acknowledged write', async () => {
    const ws = await writers(server!);
    while (ws.reduce((n, w) => n + w.acked.length, 0) < 4) await sleep(50);
    const pid = postmasterPid(dataDir)!;
    process.kill(pid, 'SIGKILL');
    const ackedAtKill = ws.map((w) => w.acked.length);

    // recovered without anyone's help: a new postmaster, the health check green, and new writes acknowledged
    await expect
      .poll(async () => (await fetch(`${server!.base}/healthz`).catch(() => undefined))?.status, { timeout: 30_000, interval: 250 })
      .toBe(200);
    await expect.poll(() => ws.every((w, i) => w.acked.length >= ackedAtKill[i] + 2), { timeout: 20_000, interval: 100 }).toBe(true);
    await Promise.all(ws.map((w) => w.stop()));
    expect(postmasterPid(dataDir)).not.toBe(pid);
    expect(isAlive(postmasterPid(dataDir)!)).toBe(true);
    // meanwhile only acknowledgements and "temporarily unavailable"
    expect(ws.flatMap((w) => w.unexpected)).toEqual([]);
    expect(ws.flatMap((w) => w.statuses)).toContain(503);
    expect(server!.log()).toContain('embedded PostgreSQL stopped unexpectedly');

    await expectNothingLost(ws);
    // the PostgreSQL it started again is its own: a graceful stop stops it too
    const restarted = postmasterPid(dataDir)!;
    expect(await stopServer(server!.child)).toBe(0);
    server = undefined;
    expect(isAlive(restarted)).toBe(false);
  }, 60_000);
});
