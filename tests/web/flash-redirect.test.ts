import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flash, saveFlashBeforeRedirect, takeFlash } from '../../src/web/flash.js';

/** A session store as slow as a busy database: each save takes 150 ms. */
class SlowStore extends session.MemoryStore {
  override set(sid: string, data: session.SessionData, cb?: (err?: unknown) => void) {
    setTimeout(() => super.set(sid, data, cb), 150);
  }
}

describe('a flash message and the redirect after it', () => {
  const app = express();
  app.use(session({ secret: 'test-secret-test-secret', store: new SlowStore(), resave: false, saveUninitialized: false }));
  app.use(saveFlashBeforeRedirect);
  app.post('/save', (req, res) => {
    flash(req, 'success', '已保存');
    res.redirect(303, '/next');
  });
  app.get('/next', (req, res) => {
    res.json(takeFlash(req).map((m) => m.text));
  });
  const server = app.listen(0);
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  beforeAll(() => new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', () => resolve()))));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is saved before the browser sees the redirect, so a browser that follows it at once still shows the message', async () => {
    // like a browser: follow the 303 as soon as its headers arrive
    const posted = await fetch(`${base()}/save`, { method: 'POST', redirect: 'manual' });
    expect(posted.status).toBe(303);
    const cookie = posted.headers.get('set-cookie')!.split(';')[0];
    const next = await fetch(`${base()}/next`, { headers: { cookie } });
    expect(await next.json()).toEqual(['已保存']);
    await posted.text();
  });
});
