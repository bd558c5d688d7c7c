import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type pg from 'pg';
import type { ChangeFeed } from '../../db/change-feed.js';
import { readContext, uncached } from '../../db/read-cache.js';

/** A session's expiry is written back at most this often while it is in use (see `throttleTouch`). */
export const TOUCH_EVERY_MS = 5 * 60 * 1000;
const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'djportal.sid';

/** Sessions live in PostgreSQL (table `session`), so any app process behind a load balancer can serve a user. */
export function sessionMiddleware(opts: { pool: pg.Pool; secret: string; secure: boolean; feed?: ChangeFeed }) {
  const store = createSessionStore(opts);
  return session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: SESSION_MAX_AGE_MS },
  });
}

/** The session store: PostgreSQL's `session` table, read with the data generation, remembered through the change feed. */
export function createSessionStore(opts: { pool: pg.Pool; feed?: ChangeFeed }): session.Store {
  const store = new (withDataGeneration(connectPgSimple(session), opts.feed))({
    pool: opts.pool,
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
  });
  throttleTouch(store);
  return store;
}

type PgStoreClass = ReturnType<typeof connectPgSimple>;

/**
 * Marks the data of a session read from the store (express-session copies it onto the request's session, so `set`
 * sees it again): such a session is updated, never inserted. Never written to the database.
 */
const LOADED = '_stored';
function loaded(sess: session.SessionData): session.SessionData {
  return Object.assign(sess, { [LOADED]: true });
}

/**
 * The session look-up also reads the data generation, in the same statement: the request's reads may then be
 * answered from the read cache (src/db/read-cache.ts) without another round trip to ask whether data changed.
 * While the change feed may be trusted (src/db/change-feed.ts), both come from memory instead: a session read once
 * is kept until a notification says it changed, and the generation is the newest one notified.
 */
function withDataGeneration(PgStore: PgStoreClass, feed: ChangeFeed | undefined) {
  return class extends PgStore {
    override get(sid: string, fn: (err: unknown, sess?: session.SessionData | null) => void): void {
      const ctx = readContext();
      // Only a request that may read from the cache takes its session from memory: a POST, a GET asked to leave the
      // cache aside, or one from a person who wrote moments ago (src/web/middleware/fresh-reads.ts) asks the database.
      const reader = ctx && !ctx.wrote && !ctx.askDatabase;
      if (reader && feed?.fast()) {
        const json = feed.sessions.get(sid);
        if (json !== undefined) {
          ctx.generation = feed.generation;
          return fn(null, loaded(JSON.parse(json) as session.SessionData));
        }
      }
      const mark = feed?.sessionMark();
      const self = this as unknown as {
        query(
          sql: string,
          params: unknown[],
          cb: (err: unknown, row?: { sess: string; expires: number; generation: string }) => void,
        ): void;
        quotedTable(): string;
      };
      self.query(
        `SELECT sess::text AS sess, extract(epoch FROM expire) * 1000 AS expires, (SELECT "n" FROM "DataGeneration" WHERE "id" = 1)::text AS generation FROM ${self.quotedTable()} WHERE sid = $1 AND expire >= now()`,
        [sid],
        (err, row) => {
          if (err) return fn(err);
          if (!row) return fn(null, null);
          if (ctx && row.generation !== null) ctx.generation = BigInt(row.generation);
          let sess: session.SessionData;
          try {
            sess = JSON.parse(row.sess) as session.SessionData;
          } catch {
            return this.destroy(sid, (e) => fn(e));
          }
          if (mark !== undefined) feed!.sessions.put(sid, row.sess, Number(row.expires), mark);
          fn(null, loaded(sess));
        },
      );
    }

    // This process's own changes are forgotten at once, before the database (and then the feed) hears of them.
    override set(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void): void {
      feed?.sessions.evict(sid);
      const { [LOADED]: wasStored, ...data } = sess as session.SessionData & { [LOADED]?: true };
      if (!wasStored) return super.set(sid, data as session.SessionData, fn);
      // A session read from the store is only ever updated: if it was ended meanwhile (a logout elsewhere, a
      // deactivation, a password change), a request still running for it must not write it back to life.
      const self = this as unknown as { query(sql: string, params: unknown[], cb: (err: unknown) => void): void; quotedTable(): string };
      const expires = data.cookie?.expires ? new Date(data.cookie.expires).getTime() : Date.now() + SESSION_MAX_AGE_MS;
      self.query(
        `UPDATE ${self.quotedTable()} SET sess = $1, expire = to_timestamp($2) WHERE sid = $3`,
        [data, Math.ceil(expires / 1000), sid],
        (err) => fn?.(err),
      );
    }

    override destroy(sid: string, fn?: (err?: unknown) => void): void {
      feed?.sessions.evict(sid);
      super.destroy(sid, fn);
    }

    // Writing back the expiry is not a change the person made: it must not end the request's use of the cache or
    // send the "wrote moments ago" cookie (src/web/middleware/fresh-reads.ts).
    override touch(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void): void {
      feed?.sessions.evict(sid);
      uncached(() => super.touch(sid, sess, fn));
    }
  };
}

/**
 * The store would write the session's new expiry on every request: a committed write (and a WAL flush) per page
 * view, all on the same row for one person's parallel requests, which capped a busy portal at about a hundred
 * pages a second. Writing it back at most every five minutes per session and process keeps the sliding eight-hour
 * expiry (within five minutes) at a fraction of the cost.
 */
function throttleTouch(store: session.Store) {
  const touch = store.touch?.bind(store);
  if (!touch) return;
  const touchedAt = new Map<string, number>();
  store.touch = (sid, sess, cb) => {
    const now = Date.now();
    if (now - (touchedAt.get(sid) ?? 0) < TOUCH_EVERY_MS) return cb?.();
    touchedAt.set(sid, now);
    if (touchedAt.size > 50_000) for (const [k, t] of touchedAt) if (now - t >= TOUCH_EVERY_MS) touchedAt.delete(k);
    touch(sid, sess, cb);
  };
}
