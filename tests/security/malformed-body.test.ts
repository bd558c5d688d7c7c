import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/web/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeBranchWorld, TEST_PASSWORD } from '../helpers/factories.js';
import { csrfOf } from '../helpers/app.js';

/** The portal with its log (level info) going to memory, one parsed line each. */
function appLoggingTo(lines: { level: number; msg: string }[]) {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  const dir = path.join(os.tmpdir(), `djportal-test-data-${process.pid}`);
  return createApp({
    db: testDatabase(),
    config: {
      sessionSecret: 'test-secret-test-secret-test-secret',
      cookieSecure: false,
      dataDir: dir,
      uploadsDir: path.join(dir, 'uploads'),
    },
    logger: pino({ level: 'info', base: undefined }, sink),
  });
}

// bodies a browser never sends: cut off before its last boundary, no boundary at all, a part without its header
const BROKEN: { type: string; body: string }[] = [
  { type: 'multipart/form-data; boundary=XYZ', body: '--XYZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc' },
  { type: 'multipart/form-data', body: 'hello' },
  { type: 'multipart/form-data; boundary=XYZ', body: '--XYZ\r\nnot a header\r\n\r\nx\r\n--XYZ--\r\n' },
];

describe('a malformed multipart body', () => {
  it('is a 400 with the Chinese error page, logged as a warning, for anyone on any URL', async () => {
    const w = await makeBranchWorld();
    const lines: { level: number; msg: string }[] = [];
    const app = appLoggingTo(lines);
    const member = request.agent(app);
    const token = await csrfOf(member);
    expect(
      (await member.post('/login').type('form').send({ _csrf: token, username: w.member.username, password: TEST_PASSWORD })).status,
    ).toBe(303);
    const senders = [request(app), member];
    for (const agent of senders)
      for (const url of ['/login', '/no/such/page', `/units/${w.branch.code}/modules/news/records`])
        for (const b of BROKEN) {
          const res = await agent.post(url).set('Content-Type', b.type).send(b.body);
          expect(res.status, `${url} ${b.body}`).toBe(400);
          expect(res.text).toContain('提交的表单格式无效');
          expect(res.text, `${url} ${b.body}`).toContain('<html');
          expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
        }
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.filter((l) => l.level === 40 && l.msg === 'malformed request body')).toHaveLength(senders.length * 3 * BROKEN.length);
  });
});
