import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { extract, list } from 'tar';
import { z } from 'zod';
import { migrate, readMigrations } from '../db/migrator.js';
import {
  BACKUP_FORMAT,
  copyColumns,
  listUploads,
  ownedSequences,
  publicTables,
  quoteIdent,
  sha256Of,
  type BackupManifest,
} from './backup.js';

/** A restore that must not go ahead; the message says why in Chinese and English. */
export class RestoreRefused extends Error {}

const DAMAGED = '备份文件已损坏或不完整，无法恢复。The backup file is damaged or incomplete and cannot be restored';

const manifestSchema = z.object({
  format: z.number().int(),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  migrations: z.array(z.object({ name: z.string(), checksum: z.string() })),
  tables: z.array(
    z.object({
      name: z.string().regex(/^[A-Za-z0-9_]+$/),
      file: z.string().regex(/^db\/[A-Za-z0-9_]+\.copy$/),
      columns: z.array(z.string()),
      rows: z.number().int().min(0),
      sha256: z.string(),
    }),
  ),
  sequences: z.array(
    z.object({ name: z.string(), table: z.string(), column: z.string(), value: z.string().regex(/^-?\d+$/), isCalled: z.boolean() }),
  ),
  uploads: z.array(
    z.object({
      path: z.string().regex(/^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/),
      size: z.number().int().min(0),
      sha256: z.string(),
    }),
  ),
});

/**
 * Unpacks a backup into `into` and checks it whole before anything is touched: the archive reads to its end,
 * the manifest is ours, and every table dump and file has the size and checksum the manifest gives.
 */
export async function readBackup(file: string, into: string): Promise<BackupManifest> {
  if (!existsSync(file)) throw new RestoreRefused(`找不到备份文件 ${file}。The backup file ${file} does not exist.`);
  try {
    await list({ file, strict: true }); // reads to the end first: a failed extraction would leave writes running
    await extract({
      file,
      cwd: into,
      strict: true,
      filter: (_p, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
    });
  } catch (e) {
    throw new RestoreRefused(`${DAMAGED} (${(e as Error).message}).`);
  }
  let manifest: BackupManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(into, 'manifest.json'), 'utf8')));
  } catch (e) {
    throw new RestoreRefused(`${DAMAGED} (manifest.json: ${(e as Error).message.split('\n')[0]}).`);
  }
  if (manifest.format !== BACKUP_FORMAT) {
    throw new RestoreRefused(
      `备份格式 ${manifest.format} 不受支持（本程序读取格式 ${BACKUP_FORMAT}）。Backup format ${manifest.format} is not supported (this version reads format ${BACKUP_FORMAT}).`,
    );
  }
  const parts = [
    ...manifest.tables.map((t) => ({ rel: t.file, sha256: t.sha256, size: undefined as number | undefined })),
    ...manifest.uploads.map((u) => ({ rel: `uploads/${u.path}`, sha256: u.sha256, size: u.size })),
  ];
  for (const p of parts) {
    const abs = path.join(into, p.rel);
    const s = await stat(abs).catch(() => undefined);
    if (!s?.isFile()) throw new RestoreRefused(`${DAMAGED} (${p.rel}: missing).`);
    if ((p.size !== undefined && s.size !== p.size) || (await sha256Of(abs)) !== p.sha256) {
      throw new RestoreRefused(`${DAMAGED} (${p.rel}: checksum mismatch).`);
    }
  }
  return manifest;
}

/** The backup's migrations must be the first migrations of this code, unchanged: we can then migrate on from there. */
function checkMigrations(manifest: BackupManifest): string {
  const ours = readMigrations();
  const theirs = manifest.migrations;
  const bad = theirs.findIndex((m, i) => ours[i]?.name !== m.name || ours[i]?.checksum !== m.checksum);
  if (!theirs.length || bad !== -1) {
    const which = theirs.length ? theirs[bad].name : '（无 none）';
    throw new RestoreRefused(
      `备份的数据库结构与本程序不符（迁移 ${which}），请使用生成该备份的版本或更新的版本恢复。` +
        `The backup's database schema does not match this version (migration ${which}); restore with the version that made the backup or a newer one.`,
    );
  }
  return theirs[theirs.length - 1].name;
}

/**
 * Without superuser rights (no `session_replication_role`), the foreign keys are set aside while loading (the
 * schema has cycles, e.g. an item and its published revision) and added back before the commit, which checks them
 * all. Returns the function that adds them back.
 */
async function setForeignKeysAside(client: pg.ClientBase): Promise<() => Promise<void>> {
  const { rows } = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT c.relname AS "table", k.conname AS name, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = k.connamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' ORDER BY k.conname`,
  );
  for (const k of rows) await client.query(`ALTER TABLE ${quoteIdent(k.table)} DROP CONSTRAINT ${quoteIdent(k.name)}`);
  return async () => {
    for (const k of rows) await client.query(`ALTER TABLE ${quoteIdent(k.table)} ADD CONSTRAINT ${quoteIdent(k.name)} ${k.definition}`);
  };
}

async function loadTable(client: pg.ClientBase, dir: string, t: BackupManifest['tables'][number]): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${quoteIdent(t.name)} (${t.columns.map(quoteIdent).join(', ')}) FROM STDIN`));
  await pipeline(createReadStream(path.join(dir, t.file)), stream);
  if (stream.rowCount !== t.rows) throw new RestoreRefused(`${DAMAGED} (${t.file}: ${stream.rowCount} rows, manifest ${t.rows}).`);
}

/** Each owned sequence continues after both its value in the backup and the largest id restored. */
async function resetSequences(client: pg.ClientBase, manifest: BackupManifest): Promise<void> {
  const saved = new Map(manifest.sequences.map((s) => [s.name, s]));
  for (const s of await ownedSequences(client)) {
    const { rows } = await client.query<{ max: string | null }>(
      `SELECT max(${quoteIdent(s.column)})::text AS max FROM ${quoteIdent(s.table)}`,
    );
    const old = saved.get(s.name);
    const candidates = [1n, rows[0].max === null ? 0n : BigInt(rows[0].max) + 1n, old ? BigInt(old.value) + (old.isCalled ? 1n : 0n) : 0n];
    const next = candidates.reduce((a, b) => (b > a ? b : a));
    await client.query(`SELECT setval(format('public.%I', $1::text)::regclass, $2::bigint, false)`, [s.name, next.toString()]);
  }
}

/**
 * Loads every table in one transaction. Triggers and foreign-key checks are off where the role may (superuser);
 * otherwise the foreign keys are dropped and added back (and so checked) before the commit.
 */
async function loadDatabase(client: pg.ClientBase, dir: string, manifest: BackupManifest): Promise<{ replica: boolean }> {
  await client.query('BEGIN');
  try {
    let replica = true;
    await client.query('SAVEPOINT replica');
    await client.query('SET LOCAL session_replication_role = replica').catch(async () => {
      replica = false;
      await client.query('ROLLBACK TO SAVEPOINT replica');
    });
    const present = new Set(await publicTables(client));
    for (const t of manifest.tables) {
      const columns = present.has(t.name) ? new Set(await copyColumns(client, t.name)) : new Set<string>();
      const missing = present.has(t.name) ? t.columns.filter((c) => !columns.has(c)) : [t.name];
      if (missing.length) {
        const what = `${t.name}: ${missing.join(', ')}`;
        throw new RestoreRefused(`备份与数据库结构不符（${what}）。The backup does not match the database schema (${what}).`);
      }
    }
    const restoreForeignKeys = replica ? undefined : await setForeignKeysAside(client);
    await client.query('DELETE FROM "_prisma_migrations"'); // the migrator's rows give way to the backup's history
    for (const t of manifest.tables) await loadTable(client, dir, t);
    // A table with a deferred trigger event pending (the data generation's) cannot be altered: fire it now.
    if (restoreForeignKeys) await client.query('SET CONSTRAINTS ALL IMMEDIATE');
    await restoreForeignKeys?.();
    await resetSequences(client, manifest);
    // The search documents are made from what was just loaded (whether the triggers ran while loading or not).
    if ((await client.query(`SELECT to_regproc('search_rebuild') AS f`)).rows[0].f) await client.query('SELECT "search_rebuild"()');
    // Triggers may have been off while loading: a running portal must not use what it kept before the restore.
    if ((await client.query(`SELECT to_regclass('"DataGeneration"') AS t`)).rows[0].t) {
      await client.query('UPDATE "DataGeneration" SET "n" = "n" + 1');
    }
    await client.query('COMMIT');
    return { replica };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

async function hasRows(client: pg.ClientBase): Promise<boolean> {
  for (const t of await publicTables(client)) {
    if (t === '_prisma_migrations') continue;
    const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoteIdent(t)}) AS any`);
    if (rows[0].any) return true;
  }
  return false;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Migrations of this code newer than the backup, applied after loading it. */
  upgraded: string[];
  /** Whether triggers and foreign-key checks were off while loading (needs a superuser). */
  replica: boolean;
  /** Where the uploads that were replaced (with `force`) were moved. */
  previousUploads?: string;
}

/**
 * Restores a backup into `databaseUrl` and `uploadsDir`. Refuses a damaged file, a backup from a newer schema,
 * a database in use, and (unless `force`) a database or uploads folder that already holds data. The schema is
 * migrated up to the backup's level, every table is loaded in one transaction, then newer migrations run;
 * the uploads are unpacked beside their folder and renamed into place.
 */
export async function restoreBackup(opts: {
  file: string;
  databaseUrl: string;
  uploadsDir: string;
  force?: boolean;
  /** The app's own role, granted its rights again on the restored schema (src/db/roles.ts). */
  appRole?: string;
  log?: (m: string) => void;
}): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const uploadsDir = path.resolve(opts.uploadsDir);
  await mkdir(path.dirname(uploadsDir), { recursive: true });
  const staging = await mkdtemp(path.join(path.dirname(uploadsDir), '.restore-'));
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  try {
    log('checking the backup file…');
    const manifest = await readBackup(path.resolve(opts.file), staging);
    const until = checkMigrations(manifest);
    await client.connect();
    const { rows: others } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    if (others[0].n > 0) {
      throw new RestoreRefused(
        '目标数据库正被其他连接使用，请先停止门户。The target database is in use by other connections; stop the portal first.',
      );
    }
    const filesThere = (await listUploads(uploadsDir)).length > 0;
    if (!opts.force && (filesThere || (await hasRows(client)))) {
      throw new RestoreRefused(
        '目标数据库或上传目录中已有数据；确认要覆盖，请加 --force。The target database or uploads folder already holds data; add --force to overwrite it.',
      );
    }
    if ((await publicTables(client)).length) {
      log('clearing the target database…');
      await client.query('DROP SCHEMA public CASCADE');
      await client.query('CREATE SCHEMA public');
    }
    log(`migrating the empty database up to ${until}…`);
    await migrate(opts.databaseUrl, undefined, { until, appRole: opts.appRole });
    log(`loading ${manifest.tables.length} tables…`);
    const { replica } = await loadDatabase(client, staging, manifest);
    const upgraded = await migrate(opts.databaseUrl, undefined, { appRole: opts.appRole });
    if (upgraded.length) log(`applied newer migrations: ${upgraded.join(', ')}`);

    const restored = path.join(staging, 'uploads');
    await mkdir(restored, { recursive: true });
    let previousUploads: string | undefined;
    if (filesThere) {
      previousUploads = `${uploadsDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(uploadsDir, previousUploads);
    } else {
      await rm(uploadsDir, { recursive: true, force: true }); // at most files in transit
    }
    await rename(restored, uploadsDir);
    return { manifest, upgraded, replica, previousUploads };
  } finally {
    await client.end().catch(() => {});
    await rm(staging, { recursive: true, force: true, maxRetries: 5 });
  }
}
