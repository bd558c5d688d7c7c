import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/web/app.js';
import { testDatabase, testDb } from '../helpers/db.js';

const dataDir = path.join(os.tmpdir(), `djportal-test-data-${process.pid}`);

/** A failed login through an app that trusts `trustProxy`, sent with X-Forwarded-For: the address it throttles. */
async function throttledAddress(trustProxy: string, forwardedFor: string): Promise<string[]> {
  const app = createApp({
    db: testDatabase(),
    config: {
      sessionSecret: 'proxy-secret-proxy-secret-proxy',
      cookieSecure: false,
      dataDir,
      uploadsDir: path.join(dataDir, 'uploads'),
      trustProxy,
    },
    logger: pino({ level: 'silent' }),
  });
  const agent = request.agent(app);
  const token = /name="_csrf" value="([^"]+)"/.exec((await agent.get('/login')).text)![1];
  const username = `nobody${Date.now() % 1_000_000}`;
  const res = await agent
    .post('/login')
    .set('X-Forwarded-For', forwardedFor)
    .type('form')
    .send({ _csrf: token, username, password: 'wrong-password' });
  expect(res.status).toBe(401);
  const keys = await testDb().loginFailure.findMany({ where: { key: { startsWith: 'ip:' } }, orderBy: { id: 'desc' }, take: 1 });
  return keys.map((k) => k.key);
}

describe('TRUST_PROXY: whose X-Forwarded-For the portal believes', () => {
  it('takes the client address from the nginx it trusts, and ignores the header from anyone else', async () => {
    expect(await throttledAddress('loopback', '10.20.30.40')).toEqual(['ip:10.20.30.40']);
    expect(await throttledAddress('10.0.0.5', '10.20.30.41')).toEqual(['ip:127.0.0.1']);
  });
});
