import path from 'node:path';
import { loadConfig } from '../config.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrator.js';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
const config = loadConfig();
const embedded = config.databaseUrl
  ? undefined
  : await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort });
const applied = await migrate(config.databaseUrl ?? embedded!.url);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
await embedded?.stop();
