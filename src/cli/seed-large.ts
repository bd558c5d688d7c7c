import { prepareDatabase } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/client.js';
import { databaseTarget } from '../db/target.js';
import { seedLargeOrganisation } from '../seed/large.js';

/**
 * `npm run seed:large [-- branches years]`: fills DATA_DIR's database with the demo organisation plus a large one
 * (200 branches and 5 years by default). Meant for a separate DATA_DIR, e.g. `DATA_DIR=./data/large`.
 */
const [branches = 200, years = 5] = process.argv.slice(2).map(Number);
const config = loadConfig();
// As the owner: a bulk load, which ends with ANALYZE (the owner's right)
const { embedded, ownerUrl, appRole } = await databaseTarget(config);
const db = connectDatabase(ownerUrl);
try {
  await prepareDatabase(db.prisma, ownerUrl, { seedDemo: true, appRole, log: (m) => console.log(m) });
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
