import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/web/app.js';
import { testDatabase } from './db.js';
import { TEST_PASSWORD } from './factories.js';

let app: Express | undefined;

/** The app wired to this worker's database, built once per test file. */
export function testApp(): Express {
  app ??= buildApp();
  return app;
}

/** Another app on the same database, with caches of its own: what a second app process (node) would be. */
export const anotherAppProcess = (): Express => buildApp();

function buildApp(): Express {
  return createApp({
    db: testDatabase(),
    config: {
      sessionSecret: 'test-secret-test-secret-test-secret',
      cookieSecure: false,
      dataDir: path.join(os.tmpdir(), `djportal-test-data-${process.pid}`),
      uploadsDir: path.join(os.tmpdir(), `djportal-test-data-${process.pid}`, 'uploads'),
    },
    logger: pino({ level: 'silent' }),
    countSql: true,
  });
}

export type Agent = ReturnType<typeof request.agent>;

/** A browser-like client with a cookie jar. */
export function anonymous(on: Express = testApp()): Agent {
  return request.agent(on);
}

/** The CSRF token of the agent's session, read from a page's form (the login page works for everyone). */
export async function csrfOf(agent: Agent, page = '/login'): Promise<string> {
  const res = await agent.get(page);
  const m = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!m) throw new Error(`no CSRF token on ${page} (status ${res.status})`);
  return m[1];
}

/** Logs in through the form and returns the agent, now holding a session. */
export async function loginAs(username: string, password = TEST_PASSWORD, on: Express = testApp()): Promise<Agent> {
  const agent = anonymous(on);
  const token = await csrfOf(agent);
  const res = await agent.post('/login').type('form').send({ _csrf: token, username, password });
  if (res.status !== 303) throw new Error(`login of ${username} failed with ${res.status}`);
  return agent;
}

/** Posts a form with the agent's CSRF token (taken from `tokenPage`, which must show a form). */
export async function postForm(agent: Agent, url: string, body: Record<string, unknown>, tokenPage = '/me') {
  const _csrf = await csrfOf(agent, tokenPage);
  return agent
    .post(url)
    .type('form')
    .send({ _csrf, ...body });
}

/** A GET that leaves the cache aside: its X-Sql-Queries is what the page costs when nothing is kept. */
export function coldGet(agent: Agent, url: string) {
  return agent.get(url).set('X-Cache', 'off');
}

/** How many SQL statements the app sent to answer `res` (session look-up included). */
export function sqlQueries(res: { headers: Record<string, unknown> }): number {
  const n = Number(res.headers['x-sql-queries']);
  if (!Number.isFinite(n)) throw new Error('no X-Sql-Queries header: was the app built with countSql?');
  return n;
}

/**
 * Posts each form at the same instant (one CSRF token fetched first, then every POST sent together), as when a
 * person double-clicks or saves in two tabs at once. Answers in the order of `bodies`.
 */
export async function postConcurrently(agent: Agent, url: string, bodies: Record<string, unknown>[], tokenPage = '/me') {
  const _csrf = await csrfOf(agent, tokenPage);
  return Promise.all(
    bodies.map((body) =>
      agent
        .post(url)
        .type('form')
        .send({ _csrf, ...body }),
    ),
  );
}
