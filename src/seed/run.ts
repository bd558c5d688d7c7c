import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/client.js';
import { databaseTarget } from '../db/target.js';
import { migrate } from '../db/migrator.js';
import { seedDemo } from './demo.js';

/** `npm run db:seed`: loads the demo organisation into an empty database. */
const config = loadConfig();
const { embedded, ownerUrl, appUrl, appRole } = await databaseTarget(config);
await migrate(ownerUrl, undefined, { appRole });
const db = connectDatabase(appUrl);
if ((await db.prisma.unit.count()) > 0) {
  console.log('The database already holds units: the demo organisation is loaded only into an empty database.');
} else {
  await seedDemo(db.prisma);
  console.log('Demo organisation loaded.');
}
await db.close();
await embedded?.stop();
