import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { grantAppRole } from './roles.js';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations');

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations on disk, in Prisma's layout: `<timestamp>_<name>/migration.sql`, applied in name order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

/**
 * Applies pending migrations, each in its own transaction, and records them in `_prisma_migrations`
 * exactly as `prisma migrate deploy` would, so the Prisma CLI agrees with us where it can run.
 * An advisory lock lets several app processes start at once against one database.
 * Returns the names applied. `until` stops after that migration (a restore brings the schema to the backup's
 * level, loads the rows, then applies the rest). `appRole`, when the app connects as a role of its own, is granted row
 * rights on what the migrations made (src/db/roles.ts); `databaseUrl` is then the owner's.
 */
export async function migrate(
  databaseUrl: string,
  dir = MIGRATIONS_DIR,
  opts: { until?: string; appRole?: string } = {},
): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(72707369)');
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    for (const m of readMigrations(dir)) {
      if (opts.until !== undefined && m.name > opts.until) break;
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(`Migration ${m.name} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query('COMMIT');
        applied.push(m.name);
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
      }
    }
    await ensureGenerationTriggers(client);
    if (opts.appRole) await grantAppRole(client, opts.appRole);
  } finally {
    await client.query('SELECT pg_advisory_unlock(72707369)').catch(() => {});
    await client.end();
  }
  return applied;
}

/**
 * Every data table raises the data generation when written (prisma/migrations/…_data_generation): tables that a
 * later migration created get their triggers here. Before that migration exists (a restore part-way) it is a no-op.
 */
async function ensureGenerationTriggers(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ ok: boolean }>(`SELECT to_regproc('ensure_data_generation_triggers') IS NOT NULL AS ok`);
  if (rows[0]?.ok) await client.query('SELECT "ensure_data_generation_triggers"()');
}
