import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readdir, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { create as createTar } from 'tar';
import { isTemporary } from '../domain/files/leftovers.js';

/**
 * One backup file: a gzipped tar holding `manifest.json`, `db/<table>.copy` (each table in PostgreSQL's COPY text
 * format) and `uploads/…` (files of an older version not yet moved into the database). Written in Node because the server is PostgreSQL 18 and the
 * client tools at hand are older (pg_dump refuses a newer server).
 */
export const BACKUP_FORMAT = 1;

export interface BackupManifest {
  format: number;
  createdAt: string;
  app: { name: string; version: string };
  /** `_prisma_migrations` at the time of the backup (its rows are also in the dump). */
  migrations: { name: string; checksum: string }[];
  tables: { name: string; file: string; columns: string[]; rows: number; sha256: string }[];
  /** Sequences owned by a table column, with their value at the time of the backup. */
  sequences: { name: string; table: string; column: string; value: string; isCalled: boolean }[];
  uploads: { path: string; size: number; sha256: string }[];
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAFE_NAME = /^[A-Za-z0-9_]+$/;

/** Tables of the public schema, by name. */
export async function publicTables(client: pg.ClientBase): Promise<string[]> {
  // DataGeneration is not data: a counter of writes for the app's cache (src/cache/), made by the migration and raised by
  // the restore itself. Nor is SearchDoc: made from the other tables by triggers, rebuilt by the restore (loading it
  // would collide with what the triggers write while the other tables load, when they are on).
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT IN ('DataGeneration', 'SearchDoc') ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

/** The columns COPY can read and write (not dropped, not generated), in table order. */
export async function copyColumns(client: pg.ClientBase, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = format('public.%I', $1::text)::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      ORDER BY attnum`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** Sequences owned by a column of a public table (serial and identity columns). */
export async function ownedSequences(client: pg.ClientBase): Promise<{ name: string; table: string; column: string }[]> {
  const { rows } = await client.query<{ name: string; table: string; column: string }>(
    `SELECT s.relname AS name, t.relname AS "table", a.attname AS "column"
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace
       JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
       JOIN pg_class t ON t.oid = d.refobjid
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE s.relkind = 'S' AND n.nspname = 'public' AND d.deptype IN ('a', 'i')
      ORDER BY s.relname`,
  );
  return rows;
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

/** Every stored file under `dir` (relative paths with `/`), leaving out files in transit and half-written ones. */
export async function listUploads(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (abs: string, rel: string) => {
    const entries = await readdir(abs, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    });
    for (const e of entries) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (isTemporary(relPath)) continue;
      if (e.isDirectory()) await visit(path.join(abs, e.name), relPath);
      else if (e.isFile()) out.push(relPath);
    }
  };
  await visit(dir, '');
  return out.sort();
}

/** Dumps one table into `file` with COPY; returns its row count and the file's sha256. */
async function dumpTable(client: pg.ClientBase, table: string, columns: string[], file: string): Promise<{ rows: number; sha256: string }> {
  const h = createHash('sha256');
  const stream = client.query(copyTo(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) TO STDOUT`));
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      cb(null, chunk);
    },
  });
  await pipeline(stream, hashing, createWriteStream(file));
  return { rows: stream.rowCount, sha256: h.digest('hex') };
}

/** The database part of the backup, read in one REPEATABLE READ transaction: a single consistent snapshot. */
async function dumpDatabase(databaseUrl: string, dbDir: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const names = await publicTables(client);
    const migrations = names.includes('_prisma_migrations')
      ? (
          await client.query<{ name: string; checksum: string }>(
            `SELECT migration_name AS name, checksum FROM "_prisma_migrations"
            WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
          )
        ).rows
      : [];
    const tables: BackupManifest['tables'] = [];
    for (const name of names) {
      if (!SAFE_NAME.test(name)) throw new Error(`Unexpected table name ${JSON.stringify(name)}`);
      const columns = await copyColumns(client, name);
      const file = `db/${name}.copy`;
      tables.push({ name, file, columns, ...(await dumpTable(client, name, columns, path.join(dbDir, `${name}.copy`))) });
    }
    const sequences: BackupManifest['sequences'] = [];
    for (const s of await ownedSequences(client)) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${quoteIdent(s.name)}`,
      );
      sequences.push({ ...s, value: rows[0].last_value, isCalled: rows[0].is_called });
    }
    await client.query('COMMIT');
    return { migrations, tables, sequences };
  } finally {
    await client.end();
  }
}

function appVersion(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

/**
 * Writes a backup of the database (uploaded files included: decision 0010) into `out` (a `.tar.gz`), with any
 * file an older version left in the uploads folder and not yet moved in (never changed in place, so the snapshot's
 * rows find them). The archive is written aside and renamed:
 * `out` is complete or absent.
 */
export async function createBackup(opts: { databaseUrl: string; uploadsDir: string; out: string }): Promise<BackupManifest> {
  const out = path.resolve(opts.out);
  await mkdir(path.dirname(out), { recursive: true });
  const staging = await mkdtemp(path.join(path.dirname(out), '.backup-'));
  const partial = `${out}.partial`;
  try {
    await mkdir(path.join(staging, 'db'));
    const db = await dumpDatabase(opts.databaseUrl, path.join(staging, 'db'));
    const uploads: BackupManifest['uploads'] = [];
    for (const rel of await listUploads(opts.uploadsDir)) {
      const abs = path.join(opts.uploadsDir, rel);
      uploads.push({ path: rel, size: (await stat(abs)).size, sha256: await sha256Of(abs) });
    }
    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), app: appVersion(), ...db, uploads };
    await writeFile(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 1));
    if (existsSync(opts.uploadsDir)) await symlink(path.resolve(opts.uploadsDir), path.join(staging, 'uploads'));
    const entries = ['manifest.json', ...db.tables.map((t) => t.file), ...uploads.map((u) => `uploads/${u.path}`)];
    await createTar({ gzip: true, portable: true, cwd: staging, file: partial }, entries);
    await chmod(partial, 0o600); // password hashes and personal data: for the owner only
    const fh = await open(partial, 'r');
    await fh.sync().finally(() => fh.close());
    await rename(partial, out);
    return manifest;
  } finally {
    await rm(partial, { force: true });
    await unlink(path.join(staging, 'uploads')).catch(() => {}); // the link only, never the uploads it points at
    await rm(staging, { recursive: true, force: true });
  }
}
