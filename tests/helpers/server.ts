import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { csrfOf, type Agent } from './app.js';
import { SERVER_ARGS, SERVER_ENV } from '../../src/server-args.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  /** Everything the process printed so far. */
  log: () => string;
  base: string;
}

/**
 * Starts `src/server.ts` as `npm start` would (or through `npm start` itself, `viaNpm`), and resolves once it logs
 * that it is ready.
 */
export function startServer(env: Record<string, string>, opts: { viaNpm?: boolean } = {}): Promise<ServerProcess> {
  const [command, args] = opts.viaNpm ? ['npm', ['start', '--silent']] : [process.execPath, SERVER_ARGS];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...SERVER_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in time:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes('portal ready')) {
        clearTimeout(timer);
        resolve({ child, log: () => out, base: `http://127.0.0.1:${env.PORT}` });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

/** Ends the process with `signal` (SIGTERM: a graceful stop) and resolves with its exit code. */
export function stopServer(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

/** The pid of the embedded PostgreSQL's postmaster, from DATA_DIR/pg/postmaster.pid. */
export function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops an embedded PostgreSQL that outlived its app (after a kill -9 of the app): fast shutdown, then wait. */
export async function stopLeftoverPostgres(dataDir: string): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

/** A browser-like client of a running server, logged in through the form. */
export async function loginAt(base: string, username: string, password: string): Promise<Agent> {
  const agent = request.agent(base);
  const token = await csrfOf(agent);
  const res = await agent.post('/login').type('form').send({ _csrf: token, username, password });
  if (res.status !== 303) throw new Error(`login of ${username} at ${base} failed with ${res.status}`);
  // The login starts a new session without a CSRF token; the first page with a form gives it one. Do that now,
  // before callers send concurrent requests that would each make up a token and race to save theirs.
  await csrfOf(agent, '/me');
  return agent;
}
