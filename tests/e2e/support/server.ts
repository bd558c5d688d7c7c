import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../helpers/ports.js';
import { buildServer, SERVER_ARGS, SERVER_ENV } from '../../../src/server-args.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export interface RunningPortal {
  baseUrl: string;
  /** Everything the server printed so far (pino JSON lines). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real portal as `npm start` would, on a fresh data directory and free ports, so the demo
 * organisation is seeded; resolves once it logs that it is ready. `stop` shuts it down and removes the data.
 */
export async function startPortal(): Promise<RunningPortal> {
  buildServer();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djportal-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL; // always the embedded database in its own folder, never a server the caller points at
  delete env.MIGRATION_DATABASE_URL;
  const child = spawn(process.execPath, SERVER_ARGS, { cwd: ROOT, env: { ...env, ...SERVER_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });

  try {
    await waitForReady(child, () => out, exited);
  } catch (e) {
    cleanup();
    throw e;
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    log: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      cleanup();
    },
  };
}

function waitForReady(child: ChildProcess, out: () => string, exited: Promise<number | null>): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the portal was not ready within 3 minutes:\n${out()}`));
    }, 180_000);
    const check = () => {
      if (!out().includes('portal ready')) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve();
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the portal exited with ${code} before it was ready:\n${out()}`));
    });
  });
}
