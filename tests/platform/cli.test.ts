import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

describe('npm run admin:create', () => {
  it('creates an administrator whose temporary password must be changed at first login', async () => {
    const username = `adm${Date.now() % 1_000_000}`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/create-admin.ts', username, '首位管理员'], {
      cwd: ROOT,
      // as the portal is configured: the app's role, and the owner's for the migrations
      env: {
        ...process.env,
        DATABASE_URL: process.env.TEST_WORKER_DATABASE_URL,
        MIGRATION_DATABASE_URL: process.env.TEST_WORKER_OWNER_URL,
      },
    });
    const password = /临时密码：(\S+)（/.exec(stdout)?.[1];
    expect(password).toBeDefined();
    const person = await testDb().person.findUniqueOrThrow({ where: { username }, include: { grants: true } });
    expect(person.mustChangePassword).toBe(true);
    expect(person.grants.map((g) => g.role)).toEqual(['ADMIN']);
    const agent = await loginAs(username, password);
    const res = await agent.get('/units');
    expect(res.headers.location).toBe('/me?mustChange=1');
  }, 60_000);
});
