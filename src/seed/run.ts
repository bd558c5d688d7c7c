import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/client.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrator.js';
import path from 'node:path';
import { seedDemo } from './demo.js';

/** `npm run db:seed`: loads the demo organisation into an empty database. */
const config = loadConfig();
const embedded = config.databaseUrl
  ? undefined
  : await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort });
const url = config.databaseUrl ?? embedded!.url;
await migrate(url);
const db = connectDatabase(url);
if ((await db.prisma.unit.count()) > 0) {
  console.log('The database already holds units: the demo organisation is loaded only into an empty database.');
} else {
  await seedDemo(db.prisma);
  console.log('Demo organisation loaded.');
}
await db.close();
await embedded?.stop();
