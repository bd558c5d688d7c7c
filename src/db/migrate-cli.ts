import { loadConfig } from '../config.js';
import { migrate } from './migrator.js';
import { databaseTarget } from './target.js';

/** `npm run db:migrate`: applies pending migrations as the owner (MIGRATION_DATABASE_URL, or the embedded database's). */
const config = loadConfig();
const { embedded, ownerUrl, appRole } = await databaseTarget(config);
const applied = await migrate(ownerUrl, undefined, { appRole });
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
await embedded?.stop();
