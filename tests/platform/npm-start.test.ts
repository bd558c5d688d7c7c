import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { isAlive, postmasterPid, startServer, stopLeftoverPostgres, stopServer, type ServerProcess } from '../helpers/server.js';

describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'djportal-npm-start-'));
  let server: ServerProcess | undefined;

  afterAll(async () => {
    if (server) await stopServer(server.child, 'SIGKILL');
    await stopLeftoverPostgres(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the portal, and stopping npm (as a supervisor or kill does) stops the portal and its database gracefully', async () => {
    server = await startServer(
      {
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(await freePort()),
        SEED_DEMO: 'false',
        LOG_LEVEL: 'info',
      },
      { viaNpm: true },
    );
    const login = await fetch(`${server.base}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('登录');
    const postgres = postmasterPid(dataDir)!;
    expect(isAlive(postgres)).toBe(true);

    await stopServer(server.child, 'SIGTERM');
    await expect.poll(() => server!.log(), { timeout: 15_000 }).toContain('"msg":"stopped"');
    await expect.poll(() => isAlive(postgres), { timeout: 15_000 }).toBe(false);
    await expect
      .poll(
        async () =>
          fetch(`${server!.base}/login`).then(
            () => 'answering',
            () => 'stopped',
          ),
        { timeout: 15_000 },
      )
      .toBe('stopped');
  }, 120_000);
});
