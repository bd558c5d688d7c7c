import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * How the portal's process is started: `npm start` (package.json, kept equal by tests/platform/server-args.test.ts)
 * and everything that starts a real server (the benchmark, the load test, the browser and crash tests).
 * V8 would otherwise let its heap grow to about 500 MB under load on a machine with memory to spare, though the
 * portal keeps 30-60 MB alive: an old generation of 192 MB and small young-generation spaces held the benchmark's peak
 * near 260-300 MB at the same speed (docs/PERFORMANCE.md), with room for the largest request (an Excel export).
 */
export const NODE_FLAGS = ['--max-old-space-size=192', '--max-semi-space-size=4'];

/**
 * The portal runs compiled (dist/, by `npm run build`), not through the TypeScript loader: the loader's worker thread
 * and its compiled copies of every module cost 35-40 MB of the process (idle and at the benchmark's peak). Source maps
 * keep the logged stack traces pointing at src/.
 */
export const SERVER_ARGS = [...NODE_FLAGS, '--enable-source-maps', 'dist/server.js'];

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Compiles src/ to dist/ as `npm run build` does (incremental: about 3 s when nothing changed), for what starts a
 * real server from the sources being worked on (the tests, the benchmark, the load test) to run them, not an older build.
 */
export function buildServer(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Most of the process's memory is outside V8's heap (the module loader's worker thread, Prisma's query compiler,
 * buffers): glibc gives each thread that allocates its own malloc arena, and two arenas instead of up to eight per
 * core took 30 MB off the peak at the same speed.
 */
export const SERVER_ENV = { MALLOC_ARENA_MAX: '2' };

/**
 * The command line of `npm start`. `exec`: npm runs it through `sh -c`, and without it the shell stays between npm and
 * node, so stopping npm (SIGTERM, as a supervisor or `kill` does) ended the shell and left the portal and its
 * embedded PostgreSQL running.
 */
export const START_COMMAND = `${Object.entries(SERVER_ENV)
  .map(([k, v]) => `${k}=${v}`)
  .join(' ')} exec node ${SERVER_ARGS.join(' ')}`;
