import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Db } from '../../db/client.js';
import { attemptLogin, loadSessionUser } from '../../domain/auth/login.service.js';
import type { SessionUser } from '../../domain/authz/can.js';
import { sessionUser } from './session.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

/**
 * A passport instance of this app (not the global one, so tests can build several apps). The session keeps
 * only the person's id; each request reads the person and their grants again (with the session, in its one statement),
 * so a deactivated account or a revoked role takes effect at once.
 */
export function configurePassport(db: Db) {
  const pp = new passport.Passport();
  pp.use(
    new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
      attemptLogin(db, username.trim(), password, req.ip ?? 'unknown')
        .then((r) => (r.ok ? done(null, { id: r.personId } as Express.User) : done(null, false, { message: r.reason })))
        .catch(done);
    }),
  );
  pp.serializeUser((user, done) => done(null, user.id));
  pp.deserializeUser<number, IncomingMessage>((req, id, done) => {
    const read = sessionUser(req as Request);
    if (read !== undefined) return done(null, read && read.id === id ? read : false);
    loadSessionUser(db, id)
      .then((u) => done(null, u ?? false))
      .catch(done);
  });
  return pp;
}
export type AppPassport = ReturnType<typeof configurePassport>;
