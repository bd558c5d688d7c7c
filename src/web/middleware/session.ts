import connectPgSimple from 'connect-pg-simple';
import type { Request } from 'express';
import session from 'express-session';
import type pg from 'pg';
import { parseSessionUser, SESSION_USER_SQL } from '../../domain/auth/session-user.js';
import type { SessionUser } from '../../domain/authz/can.js';

/** A session's expiry is written back at most this often while it is in use (see `touch` below). */
export const TOUCH_EVERY_MS = 5 * 60 * 1000;
const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;
export const SESSION_COOKIE = 'djportal.sid';

/** Sessions live in PostgreSQL (table `session`), so any app process behind a load balancer can serve a user. */
export function sessionMiddleware(opts: { pool: pg.Pool; secret: string; secure: boolean }) {
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

/** The session store: PostgreSQL's `session` table, read with the data generation. */
export function createSessionStore(opts: { pool: pg.Pool }): session.Store {
  const store = new (withDataGeneration(connectPgSimple(session)))({
    pool: opts.pool,
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
  });
  return store;
}

type PgStoreClass = ReturnType<typeof connectPgSimple>;

/**
 * Marks the data of a session read from the store (express-session copies it onto the request's session, so `set`
 * sees it again): such a session is updated, never inserted. `GENERATION` and `USER` carry the data generation and the
 * person read with it. None of them is written to the database.
 */
const LOADED = '_stored';
const GENERATION = '_generation';
const USER = '_user';
type Loaded = session.SessionData & { [LOADED]?: true; [GENERATION]?: string; [USER]?: string | null };

/** The data generation the request read with its session (src/cache/): undefined without a stored session. */
export function sessionGeneration(req: Request): bigint | undefined {
  const n = (req.session as Partial<Loaded> | undefined)?.[GENERATION];
  return typeof n === 'string' ? BigInt(n) : undefined;
}

/** The person read with the session (passport's deserializer takes them from here): null for none or a deactivated one. */
export function sessionUser(req: Request): SessionUser | null | undefined {
  const json = (req.session as Partial<Loaded> | undefined)?.[USER];
  return json === undefined ? undefined : parseSessionUser(json);
}

type StoreQuery = {
  query(sql: string, params: unknown[], cb: (err: unknown, row?: { sess: string; generation: string; user: string | null }) => void): void;
  quotedTable(): string;
};

/**
 * The session look-up also reads the data generation and the session's person, in the same statement: the request's
 * named caches (src/cache/) are kept for that generation, and a page's floor is this one round trip.
 */
function withDataGeneration(PgStore: PgStoreClass) {
  return class extends PgStore {
    override get(sid: string, fn: (err: unknown, sess?: session.SessionData | null) => void): void {
      const self = this as unknown as StoreQuery;
      self.query(
        `SELECT s.sess::text AS sess, (SELECT "n" FROM "DataGeneration" WHERE "id" = 1)::text AS generation, ${SESSION_USER_SQL} AS "user"
           FROM ${self.quotedTable()} s WHERE s.sid = $1 AND s.expire >= now()`,
        [sid],
        (err, row) => {
          if (err) return fn(err);
          if (!row) return fn(null, null);
          let sess: session.SessionData;
          try {
            sess = JSON.parse(row.sess) as session.SessionData;
          } catch {
            return this.destroy(sid, (e) => fn(e));
          }
          fn(null, Object.assign(sess, { [LOADED]: true, [GENERATION]: row.generation ?? undefined, [USER]: row.user }));
        },
      );
    }

    override set(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void): void {
      const { [LOADED]: wasStored, [GENERATION]: _generation, [USER]: _user, ...data } = sess as Loaded;
      if (!wasStored) return super.set(sid, data as session.SessionData, fn);
      // A session read from the store is only ever updated: if it was ended meanwhile (a logout elsewhere, a
      // deactivation, a password change), a request still running for it must not write it back to life.
      const self = this as unknown as StoreQuery;
      const expires = data.cookie?.expires ? new Date(data.cookie.expires).getTime() : Date.now() + SESSION_MAX_AGE_MS;
      self.query(
        `UPDATE ${self.quotedTable()} SET sess = $1, expire = to_timestamp($2) WHERE sid = $3`,
        [data, Math.ceil(expires / 1000), sid],
        (err) => fn?.(err),
      );
    }

    /**
     * The store would write the session's new expiry on every request: a committed write (and a WAL flush) per page
     * view, all on the same row for one person's parallel requests. Writing it back at most every five minutes per
     * session and process keeps the sliding eight-hour expiry (within five minutes) at a fraction of the cost.
     */
    private readonly touchedAt = new Map<string, number>();
    override touch(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void): void {
      const now = Date.now();
      if (now - (this.touchedAt.get(sid) ?? 0) < TOUCH_EVERY_MS) return fn?.();
      this.touchedAt.set(sid, now);
      if (this.touchedAt.size > 50_000) for (const [k, t] of this.touchedAt) if (now - t >= TOUCH_EVERY_MS) this.touchedAt.delete(k);
      super.touch(sid, sess, fn);
    }
  };
}
