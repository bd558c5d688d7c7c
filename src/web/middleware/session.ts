import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type pg from 'pg';
import { readContext } from '../../db/read-cache.js';

/** A session's expiry is written back at most this often while it is in use (see `throttleTouch`). */
export const TOUCH_EVERY_MS = 5 * 60 * 1000;
const MAX_AGE_MS = 8 * 60 * 60 * 1000;

/** Sessions live in PostgreSQL (table `session`), so any app process behind a load balancer can serve a user. */
export function sessionMiddleware(opts: { pool: pg.Pool; secret: string; secure: boolean }) {
  const store = new (withDataGeneration(connectPgSimple(session)))({ pool: opts.pool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
  throttleTouch(store);
  return session({
    name: 'djportal.sid',
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.secure, maxAge: MAX_AGE_MS },
  });
}

type PgStoreClass = ReturnType<typeof connectPgSimple>;

/**
 * The session look-up also reads the data generation, in the same statement: the request's reads may then be
 * answered from the read cache (src/db/read-cache.ts) without another round trip to ask whether data changed.
 */
function withDataGeneration(PgStore: PgStoreClass) {
  return class extends PgStore {
    override get(sid: string, fn: (err: unknown, sess?: session.SessionData | null) => void): void {
      const ctx = readContext();
      const self = this as unknown as { query(sql: string, params: unknown[], cb: (err: unknown, row?: { sess: unknown; generation: string }) => void): void; quotedTable(): string };
      self.query(
        `SELECT sess, (SELECT "n" FROM "DataGeneration" WHERE "id" = 1)::text AS generation FROM ${self.quotedTable()} WHERE sid = $1 AND expire >= now()`,
        [sid],
        (err, row) => {
          if (err) return fn(err);
          if (!row) return fn(null, null);
          if (ctx && row.generation !== null) ctx.generation = BigInt(row.generation);
          try {
            fn(null, (typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess) as session.SessionData);
          } catch {
            this.destroy(sid, (e) => fn(e));
          }
        },
      );
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
