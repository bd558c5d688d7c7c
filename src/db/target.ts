import path from 'node:path';
import type { Config } from '../config.js';
import { startEmbeddedPostgres, type EmbeddedDb } from './embedded.js';

/** Where the app and its migrations connect, and as whom. */
export interface DatabaseTarget {
  /** The app's connection: row rights only, unless `appRole` is undefined. */
  appUrl: string;
  /** The owner's connection: migrations, backup, restore, bulk seeding. */
  ownerUrl: string;
  /** The app's own role, granted to by the migrator; undefined when the app connects as the owner (DATABASE_URL alone). */
  appRole?: string;
  embedded?: EmbeddedDb;
}

/**
 * The embedded database (started here, both roles set up), or DATABASE_URL (the app) with MIGRATION_DATABASE_URL
 * (the owner). DATABASE_URL alone keeps working as before: that role does everything.
 */
export async function databaseTarget(
  config: Config,
  opts: { onLog?: (line: string) => void; onNotice?: (message: string) => void } = {},
): Promise<DatabaseTarget> {
  if (!config.databaseUrl) {
    const embedded = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'pg'),
      port: config.embeddedPgPort,
      portFixed: config.embeddedPgPortFixed,
      ...opts,
    });
    return { appUrl: embedded.appUrl, ownerUrl: embedded.url, appRole: embedded.appRole, embedded };
  }
  const owner = config.migrationDatabaseUrl;
  const appRole = owner ? userOf(config.databaseUrl, 'DATABASE_URL') : undefined;
  if (!owner || appRole === userOf(owner, 'MIGRATION_DATABASE_URL'))
    return { appUrl: config.databaseUrl, ownerUrl: owner ?? config.databaseUrl };
  return { appUrl: config.databaseUrl, ownerUrl: owner, appRole };
}

function userOf(url: string, name: string): string {
  let user = '';
  try {
    user = decodeURIComponent(new URL(url).username);
  } catch {
    // not a URL: the message below
  }
  if (!user) throw new Error(`Invalid configuration:\n${name}: must be a postgresql:// URL that names its user`);
  return user;
}
