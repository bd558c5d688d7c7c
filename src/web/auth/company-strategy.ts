import { Strategy as LocalStrategy } from 'passport-local';
import type { Db } from '../../db/client.js';
import { attemptCompanyLogin } from '../../domain/auth/company-login.service.js';
import type { DirectoryConfig } from '../../domain/auth/directory.js';
import type { AppPassport } from '../middleware/passport.js';

/** The strategy the login form uses when company login is on: local passwords, then the directory. */
export const COMPANY_STRATEGY = 'company';

/** Registers company login on the app's passport (the local strategy stays as it is for directory-less portals). */
export function useCompanyLogin(passport: AppPassport, db: Db, directory: DirectoryConfig): void {
  passport.use(
    COMPANY_STRATEGY,
    new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
      attemptCompanyLogin(db, directory, username.trim(), password, req.ip ?? 'unknown')
        .then((r) =>
          r.ok
            ? done(null, { id: r.personId } as Express.User)
            : done(null, false, { message: r.reason, employeeId: r.employeeId } as { message: string }),
        )
        .catch(done);
    }),
  );
}
