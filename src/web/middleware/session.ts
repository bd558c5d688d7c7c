import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type pg from 'pg';

/** A session's expiry is written back at most this often while it is in use (see `throttleTouch`). */
export const TOUCH_EVERY_MS = 5 * 60 * 1000;
const MAX_AGE_MS = 8 * 60 * 60 * 1000;

/** Sessions live in PostgreSQL (table `session`), so any app process behind a load balancer can serve a user. */
export function sessionMiddleware(opts: { pool: pg.Pool; secret: string; secure: boolean }) {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool: opts.pool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
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
