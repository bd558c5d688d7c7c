import pg from 'pg';
import { expect } from 'vitest';
import { QUIET } from '../../src/db/pg-hooks.js';
import { FRESH_COOKIE } from '../../src/web/middleware/fresh-reads.js';
import { lastRequestStatements } from '../../src/db/query-counter.js';
import { loginAs as login, sqlQueries, type Agent } from './app.js';
import { testDatabase } from './db.js';

/** Helpers for tests of what the portal keeps in memory through the change feed (src/db/change-feed.ts). */
export const feed = () => testDatabase().feed;

/** Waits until the worker's feed listens and has heard of every write so far. */
export async function settled(): Promise<void> {
  for (let i = 0; i < 200 && !feed().fast(); i++) await new Promise((r) => setTimeout(r, 10));
  await feed().sync();
  expect(feed().fast()).toBe(true);
}

/**
 * A connection this process's hooks do not see, like a second app node or a script: its writes reach the portal
 * only through PostgreSQL's notifications.
 */
export async function elsewhere(sql: string, params: unknown[]): Promise<void> {
  const other = new pg.Client({ connectionString: process.env.TEST_WORKER_DATABASE_URL });
  (other as unknown as Record<symbol, boolean>)[QUIET] = true;
  await other.connect();
  try {
    await other.query(sql, params);
  } finally {
    await other.end();
  }
}

/** The browser drops the "wrote moments ago" cookie after thirty seconds (src/web/middleware/fresh-reads.ts); the test
 * client's cookie jar ignores Max-Age, so the test expires it by hand. */
export function thirtySecondsLater(agent: Agent): Agent {
  (agent as unknown as { jar: { setCookie(c: string, domain: string, path: string): unknown } }).jar.setCookie(
    `${FRESH_COOKIE}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/`,
    '127.0.0.1',
    '/',
  );
  return agent;
}

/** Signed in, half a minute ago. */
export const loginAs = async (username: string) => thirtySecondsLater(await login(username));

/** Reads `url` until it costs no SQL (the session and the reads come from memory), and returns that last answer. */
export async function warm(agent: Agent, url: string) {
  await agent.get(url);
  await settled();
  await agent.get(url);
  const res = await agent.get(url);
  expect(sqlQueries(res), lastRequestStatements().join('\n')).toBe(0);
  return res;
}
