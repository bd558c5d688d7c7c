import path from 'node:path';
import { prepareDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/client.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { seedLargeOrganisation } from '../seed/large.js';

/**
 * `npm run seed:large [-- branches years]`: fills DATA_DIR's database with the demo organisation plus a large one
 * (200 branches and 5 years by default). Meant for a separate DATA_DIR, e.g. `DATA_DIR=./data/large`.
 */
const [branches = 200, years = 5] = process.argv.slice(2).map(Number);
const config = loadConfig();
const embedded = config.databaseUrl
  ? undefined
  : await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort });
const url = config.databaseUrl ?? embedded!.url;
const db = connectDatabase(url);
try {
  await prepareDatabase(db.prisma, url, { seedDemo: true, log: (m) => console.log(m) });
  if (await db.prisma.unit.count({ where: { code: { startsWith: 'L' } } })) {
    console.log('The large organisation is already loaded.');
  } else {
    const started = Date.now();
    await seedLargeOrganisation(db.prisma, { branches, years });
    console.log(`Loaded ${branches} branches with ${years} years of history in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
} finally {
  await db.close();
  await embedded?.stop();
}
