import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Db } from '../../db/client.js';
import { attemptLogin, loadSessionUser } from '../../domain/auth/login.service.js';
import type { SessionUser } from '../../domain/authz/can.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

/**
 * A passport instance of this app (not the global one, so tests can build several apps). The session keeps
 * only the person's id; each request reloads the person and their grants, so a deactivated account or a
 * revoked role takes effect at once.
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
  pp.deserializeUser((id: number, done) => {
    loadSessionUser(db, id)
      .then((u) => done(null, u ?? false))
      .catch(done);
  });
  return pp;
}
export type AppPassport = ReturnType<typeof configurePassport>;
