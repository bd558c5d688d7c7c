// Prisma CLI configuration. Only `prisma generate|validate|format` are used here: migrations are
// applied by the app's own migrator (src/db/migrator.ts), see docs/decisions/0001-own-migrator.md.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
});
