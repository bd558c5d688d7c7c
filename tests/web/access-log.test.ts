import os from 'node:os';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/lib/logger.js';
import { createApp } from '../../src/web/app.js';
import { accessLog } from '../../src/web/middleware/access-log.js';
import { csrfOf } from '../helpers/app.js';
import { testDatabase } from '../helpers/db.js';
import { makeBranchWorld, TEST_PASSWORD } from '../helpers/factories.js';

/** The portal with its access log (at the default level, info) going to memory. */
function appLoggingTo(lines: string[], ready?: () => boolean) {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
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
    ready,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the access log', () => {
  it('says who asked for what and how it went, and never holds a session cookie', async () => {
    const w = await makeBranchWorld();
    const lines: string[] = [];
    const agent = request.agent(appLoggingTo(lines));
    const token = await csrfOf(agent);
    const login = await agent.post('/login').type('form').send({ _csrf: token, username: w.member.username, password: TEST_PASSWORD });
    expect(login.status).toBe(303);
    const sid = /djportal\.sid=([^;]+)/.exec(([] as string[]).concat(login.headers['set-cookie'] ?? []).join(';'))![1];
    expect((await agent.get('/')).status).toBe(200);

    const home = lines
      .map((l) => JSON.parse(l) as { req?: { method: string; url: string }; res?: { statusCode: number }; userId?: number })
      .find((e) => e.req?.url === '/');
    expect(home).toMatchObject({ req: { method: 'GET', url: '/' }, res: { statusCode: 200 }, userId: w.member.id });
    const all = lines.join('\n');
    expect(all).not.toContain(sid);
    expect(all).not.toContain(decodeURIComponent(sid));
    expect(all).not.toMatch(/djportal\.sid|"cookie"|set-cookie/i);
    expect(all).not.toContain(TEST_PASSWORD);
  });

  it('does not call the "starting" answers of a portal that is starting errors (a supervisor polls /healthz meanwhile)', async () => {
    const lines: string[] = [];
    const res = await request(appLoggingTo(lines, () => false)).get('/healthz');
    expect(res.status).toBe(503);
    const entry = JSON.parse(lines.find((l) => l.includes('/healthz'))!) as { level: number; msg: string };
    expect(entry).toMatchObject({ level: 30, msg: 'answered while starting', res: { statusCode: 503 } });
  });

  it('calls an answer the route ended completed even when the client closed the connection as it went out', () => {
    // the route ended the answer; its last bytes may not have reached the socket when the client closes it
    const lines: string[] = [];
    const logger = pino(
      { level: 'info', base: undefined },
      new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }),
    );
    const answered = Object.assign(new EventEmitter(), { statusCode: 303, writableEnded: true, writableFinished: false });
    const left = Object.assign(new EventEmitter(), { statusCode: 200, writableEnded: false, writableFinished: false });
    for (const res of [answered, left]) {
      const req = { method: 'POST', url: '/login', originalUrl: '/login', socket: { remoteAddress: '127.0.0.1' } };
      accessLog(logger)(req as unknown as Request, res as unknown as Response, () => {});
      res.emit('close');
    }
    expect(lines.map((l) => (JSON.parse(l) as { msg: string; level: number }).msg)).toEqual(['request completed', 'request aborted']);
  });

  it('hides a cookie or a password wherever else something logs one', () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }));
    logger.info({ req: { headers: { cookie: 'djportal.sid=s%3Aabc', host: 'portal' } }, password: 'Secret#2026' }, '出错了');
    logger.warn({ err: new Error('x'), form: { password: 'Other#2026' } }, 'form');
    const all = lines.join('');
    expect(all).toContain('portal');
    expect(all).not.toMatch(/s%3Aabc|Secret#2026|Other#2026/);
    expect(all).toContain('[已隐去]');
  });
});
