import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { create as createTar, extract } from 'tar';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';
import { migrate, readMigrations } from '../../src/db/migrator.js';
import { createBackup, listUploads, publicTables } from '../../src/ops/backup.js';
import { restoreBackup } from '../../src/ops/restore.js';
import { createApp } from '../../src/web/app.js';
import { PDF, PNG, UPLOADS_DIR } from '../files/fixtures.js';
import { loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, TEST_PASSWORD } from '../helpers/factories.js';
import { postMultipart } from '../helpers/multipart.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE_URL = process.env.TEST_WORKER_DATABASE_URL!;
const work = mkdtempSync(path.join(os.tmpdir(), 'djportal-backup-'));
const adminUrl = inject('adminUrl');
const created: string[] = [];

/** A new, empty database on the test server (dropped after the file). */
async function freshDatabase(label: string): Promise<string> {
  const name = `${inject('templateDb')}_${label}_${process.env.VITEST_POOL_ID ?? '1'}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  rmSync(work, { recursive: true, force: true });
});

/** Row count and an md5 over all rows (in a fixed order) of every table. */
async function tableSums(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const t of await publicTables(client)) {
      const { rows } = await client.query<{ rows: number; md5: string }>(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM "${t}" t`,
      );
      out[t] = rows[0];
    }
    return out;
  } finally {
    await client.end();
  }
}

/** A branch whose secretary published a page with two attachments (rows in Unit, Person, ContentItem, Attachment, AuditLog…). */
async function dataWithFiles() {
  const w = await makeBranchWorld();
  const sec = await loginAs(w.secretary.username);
  const res = await postMultipart(
    sec,
    `/units/${w.branch.code}/modules/study/edit`,
    { title: '备份演练学习资料', body: '<p>附件为本月学习资料。</p>', baseNumber: 0, intent: 'publish' },
    [
      { name: '学习资料.pdf', data: PDF },
      { name: '合影.png', data: PNG },
    ],
  );
  expect(res.status).toBe(303);
  return w;
}

describe('npm run backup and npm run restore', () => {
  it('bring a fresh database back to the same rows and files (in the database), and the portal works on them', async () => {
    const w = await dataWithFiles();
    expect(await testDb().auditLog.count({ where: { actorId: w.secretary.id } })).toBeGreaterThan(0);
    const file = path.join(work, 'round-trip.tar.gz');
    const manifest = await createBackup({ databaseUrl: SOURCE_URL, uploadsDir: UPLOADS_DIR, out: file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const before = await tableSums(SOURCE_URL);
    const lastAudit = (await testDb().auditLog.aggregate({ _max: { id: true } }))._max.id!;
    expect(manifest.tables.find((t) => t.name === 'Attachment')!.rows).toBe(before.Attachment.rows);
    // the files are rows like any other: nothing beside the tables
    expect(manifest.tables.find((t) => t.name === 'FileChunk')!.rows).toBeGreaterThanOrEqual(2);
    expect(manifest.uploads).toEqual([]);

    const url = await freshDatabase('restore');
    const uploadsDir = path.join(work, 'restored', 'uploads');
    const result = await restoreBackup({ file, databaseUrl: url, uploadsDir });
    expect(result.replica).toBe(true);
    expect(result.upgraded).toEqual([]);

    // every table: same rows, same content
    expect(await tableSums(url)).toEqual(before);
    expect(await listUploads(uploadsDir)).toEqual([]);

    // the portal on the restored database: log in, read the page, download the attachment, write (sequences continue)
    const db = connectDatabase(url, { max: 3 });
    try {
      const app = createApp({
        db,
        config: { sessionSecret: 'restored-secret-restored-secret', cookieSecure: false, dataDir: path.join(work, 'restored'), uploadsDir },
        logger: pino({ level: 'silent' }),
      });
      const agent = request.agent(app);
      const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/login')).text)![1];
      const login = await agent.post('/login').type('form').send({ _csrf: token, username: w.secretary.username, password: TEST_PASSWORD });
      expect(login.status).toBe(303);
      const page = await agent.get(`/units/${w.branch.code}/modules/study`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('附件为本月学习资料。');
      const pdf = await db.prisma.attachment.findFirstOrThrow({ where: { unitId: w.branch.id, originalName: '学习资料.pdf' } });
      const download = await agent
        .get(`/attachments/${pdf.id}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect((download.body as Buffer).equals(PDF)).toBe(true);
      const edit = await agent.get(`/units/${w.branch.code}/modules/study/edit`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(edit.text)![1];
      const again = await agent
        .post(`/units/${w.branch.code}/modules/study/edit`)
        .type('form')
        .send({ _csrf: csrf, title: '恢复后的第二版', body: '<p>恢复后继续编辑。</p>', baseNumber: 1, intent: 'publish' });
      expect(again.status).toBe(303);
      const audit = await db.prisma.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(audit.id).toBeGreaterThan(lastAudit);
      expect(audit.actorId).toBe(w.secretary.id);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('refuses a truncated or corrupted file, a backup from a newer schema, and a target that holds data', async () => {
    await dataWithFiles();
    const file = path.join(work, 'good.tar.gz');
    await createBackup({ databaseUrl: SOURCE_URL, uploadsDir: UPLOADS_DIR, out: file });
    const bytes = readFileSync(file);
    const url = await freshDatabase('refuse');
    const uploadsDir = path.join(work, 'refused', 'uploads');
    const attempt = (f: string, force = false) => restoreBackup({ file: f, databaseUrl: url, uploadsDir, force });

    const truncated = path.join(work, 'truncated.tar.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(attempt(truncated)).rejects.toThrow(/备份文件已损坏或不完整.*The backup file is damaged or incomplete/);

    const flipped = Buffer.from(bytes);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    const corrupted = path.join(work, 'corrupted.tar.gz');
    writeFileSync(corrupted, flipped);
    await expect(attempt(corrupted)).rejects.toThrow(/备份文件已损坏或不完整.*The backup file is damaged or incomplete/);

    // a well-formed archive whose dump of one table was altered after the backup
    const unpacked = path.join(work, 'unpacked');
    mkdirSync(unpacked);
    await extract({ file, cwd: unpacked });
    const unitDump = path.join(unpacked, 'db', 'Unit.copy');
    writeFileSync(unitDump, readFileSync(unitDump, 'utf8').replace('测试', '篡改'));
    const tampered = path.join(work, 'tampered.tar.gz');
    await createTar({ gzip: true, cwd: unpacked, file: tampered }, readdirSync(unpacked));
    await expect(attempt(tampered)).rejects.toThrow(/db\/Unit\.copy: checksum mismatch/);

    // a backup made by a newer version (a migration this code does not have)
    const manifestFile = path.join(unpacked, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { migrations: { name: string; checksum: string }[] };
    manifest.migrations.push({ name: '29991231000000_future', checksum: '0'.repeat(64) });
    writeFileSync(manifestFile, JSON.stringify(manifest));
    await extract({ file, cwd: unpacked }); // the genuine Unit.copy again
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const newer = path.join(work, 'newer.tar.gz');
    await createTar({ gzip: true, cwd: unpacked, file: newer }, readdirSync(unpacked));
    await expect(attempt(newer)).rejects.toThrow(/备份的数据库结构与本程序不符（迁移 29991231000000_future）.*does not match this version/);

    // nothing was written by the refused attempts
    expect(Object.values(await tableSums(url)).length).toBe(0);

    // a database someone is connected to (a running portal) is refused
    const user = new pg.Client({ connectionString: url });
    await user.connect();
    await expect(attempt(file, true)).rejects.toThrow(/目标数据库正被其他连接使用，请先停止门户。.*stop the portal first/);
    await user.end();

    // a database that holds data is refused without --force, replaced with it
    await attempt(file);
    await expect(attempt(file)).rejects.toThrow(/已有数据；确认要覆盖，请加 --force.*add --force/);
    const forced = await attempt(file, true);
    // the files are in the database: no uploads folder to keep aside
    expect(forced.previousUploads).toBeUndefined();
    expect(await listUploads(uploadsDir)).toEqual([]);
  }, 60_000);

  it('restores as the owner of the database without superuser rights, checking the foreign keys instead of skipping them', async () => {
    const file = path.join(work, 'owner.tar.gz');
    await createBackup({ databaseUrl: SOURCE_URL, uploadsDir: UPLOADS_DIR, out: file });
    const before = await tableSums(SOURCE_URL);
    const role = `${inject('templateDb')}_owner_${process.env.VITEST_POOL_ID ?? '1'}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'owner-pass-2026'`);
    const url = await freshDatabase('owner');
    await admin.query(`ALTER DATABASE ${url.split('/').pop()} OWNER TO ${role}`);
    try {
      const ownerUrl = url.replace(/\/\/[^@]*@/, `//${role}:owner-pass-2026@`);
      const result = await restoreBackup({ file, databaseUrl: ownerUrl, uploadsDir: path.join(work, 'owner', 'uploads') });
      expect(result.replica).toBe(false);
      expect(await tableSums(url)).toEqual(before);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${url.split('/').pop()} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  }, 60_000);

  it("grants the app's role its rights again on the restored schema, the audit log append-only for it", async () => {
    const file = path.join(work, 'app-role.tar.gz');
    await createBackup({ databaseUrl: SOURCE_URL, uploadsDir: UPLOADS_DIR, out: file });
    const url = await freshDatabase('approle');
    const uploadsDir = path.join(work, 'approle', 'uploads');
    await restoreBackup({ file, databaseUrl: url, uploadsDir, appRole: inject('appRole') });
    // --force replaces the schema: a new one, which knows nothing of the app's role until granted again
    await restoreBackup({ file, databaseUrl: url, uploadsDir, appRole: inject('appRole'), force: true });
    const app = new pg.Client({ connectionString: inject('appUrl').replace(/\/[^/]*$/, `/${url.split('/').pop()}`) });
    await app.connect();
    try {
      const people = await app.query<{ n: number }>('SELECT count(*)::int AS n FROM "Person"');
      expect(people.rows[0].n).toBe(await testDb().person.count());
      const { rows } = await app.query<{ id: number }>(
        `INSERT INTO "AuditLog" ("action", "entityType", "summary") VALUES ('test.restored', 'Test', '恢复后') RETURNING id`,
      );
      await app.query(`UPDATE "Person" SET "displayName" = "displayName" WHERE id = (SELECT min(id) FROM "Person")`);
      await expect(app.query(`UPDATE "AuditLog" SET "summary" = 'x' WHERE id = $1`, [rows[0].id])).rejects.toThrow(/permission denied/);
      await expect(app.query(`CREATE TABLE "Backdoor" (id int)`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  }, 60_000);

  it('restores a backup made by an older version and applies the newer migrations after loading it', async () => {
    const [first, ...later] = readMigrations().map((m) => m.name);
    const oldUrl = await freshDatabase('older');
    await migrate(oldUrl, undefined, { until: first });
    const old = new pg.Client({ connectionString: oldUrl });
    await old.connect();
    await old.query(
      `INSERT INTO "Unit" (code, name, kind, location, factory, "updatedAt") VALUES ('old01', '老版本党支部', 'BRANCH', '襄阳', '部件二厂', now())`,
    );
    await old.end();
    const file = path.join(work, 'older.tar.gz');
    const emptyUploads = path.join(work, 'older-uploads');
    const manifest = await createBackup({ databaseUrl: oldUrl, uploadsDir: emptyUploads, out: file });
    expect(manifest.migrations.map((m) => m.name)).toEqual([first]);

    const url = await freshDatabase('upgraded');
    const result = await restoreBackup({ file, databaseUrl: url, uploadsDir: path.join(work, 'upgraded', 'uploads') });
    expect(result.upgraded).toEqual(later);
    const db = connectDatabase(url, { max: 1 });
    try {
      expect((await db.prisma.unit.findUniqueOrThrow({ where: { code: 'old01' } })).name).toBe('老版本党支部');
      expect(
        await db.prisma.unit.create({ data: { code: 'new01', name: '新建党支部', kind: 'BRANCH', location: '襄阳', factory: '部件二厂' } }),
      ).toMatchObject({ id: 2 });
    } finally {
      await db.close();
    }
  }, 60_000);

  it('works from the command line: npm run backup writes the file, npm run restore refuses a damaged one with status 1', async () => {
    const file = path.join(work, 'cli.tar.gz');
    const env = {
      ...process.env,
      DATABASE_URL: SOURCE_URL,
      MIGRATION_DATABASE_URL: process.env.TEST_WORKER_OWNER_URL,
      DATA_DIR: path.dirname(UPLOADS_DIR),
    };
    const backup = await run(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', file], { cwd: ROOT, env });
    expect(backup.stdout).toContain(`备份完成 Backup written: ${file}`);
    writeFileSync(file, readFileSync(file).subarray(0, 2000));
    const restore = run(process.execPath, ['--import', 'tsx', 'src/cli/restore.ts', file], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: await freshDatabase('cli'), MIGRATION_DATABASE_URL: undefined, DATA_DIR: path.join(work, 'cli') },
    });
    await expect(restore).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('备份文件已损坏或不完整，无法恢复。The backup file is damaged or incomplete'),
    });
  }, 60_000);
});
