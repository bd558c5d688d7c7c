import type { Db } from './db/client.js';
import { migrate } from './db/migrator.js';
import { seedDemo } from './seed/demo.js';
import { ensureCatalogue } from './domain/sites/catalogue.seed.js';
import { ensureDuesRates } from './domain/dues/rates.seed.js';

/**
 * Brings a database to the state the app needs: migrations, reference data (idempotent boot steps), and the
 * demo organisation when asked for or when the database holds no unit yet. Returns whether demo data is present.
 * `ownerUrl` migrates (and grants `appRole` its rights); the rest goes through `db`, the app's connection.
 */
export async function prepareDatabase(
  db: Db,
  ownerUrl: string,
  opts: { seedDemo?: boolean; appRole?: string; log?: (msg: string) => void },
): Promise<boolean> {
  const log = opts.log ?? (() => {});
  const applied = await migrate(ownerUrl, undefined, { appRole: opts.appRole });
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  for (const step of BOOT_STEPS) await step(db);
  const empty = (await db.unit.count()) === 0;
  if (opts.seedDemo ?? empty) {
    if (empty) {
      log('seeding the demo organisation…');
      await seedDemo(db);
      log('demo organisation ready');
    }
  }
  const demo = await db.setting.findUnique({ where: { key: 'demo' } });
  return demo?.value === 'true';
}

/** Idempotent steps that create reference data (the module catalogue, …); each feature adds its own. */
export const BOOT_STEPS: ((db: Db) => Promise<void>)[] = [ensureCatalogue, ensureDuesRates];
