import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { sqlCountHeader } from '../db/query-counter.js';
import { GenerationCache } from '../cache/generation-cache.js';
import { requestCache } from '../cache/request-cache.js';
import type { Config } from '../config.js';
import { accessLog } from './middleware/access-log.js';
import { csrfProtection } from './middleware/csrf.js';
import { forcePasswordChange } from './middleware/force-password.js';
import { noStore } from './middleware/no-store.js';
import { refuseNulBytes } from './middleware/input-guard.js';
import { readinessGate } from './middleware/readiness.js';
import { errorHandler, notFoundHandler } from './middleware/errors.js';
import { configurePassport } from './middleware/passport.js';
import { renderHelpers } from './middleware/render.js';
import { sessionGeneration, sessionMiddleware } from './middleware/session.js';
import { uploadParser } from './middleware/uploads.js';
import { saveFlashBeforeRedirect } from './flash.js';
import { mountRoutes } from './routes.js';
import { rememberViewLookups } from './views-lookup.js';

export interface AppDeps {
  db: Database;
  config: Pick<Config, 'sessionSecret' | 'cookieSecure' | 'uploadsDir' | 'dataDir'> & Partial<Pick<Config, 'trustProxy' | 'ldap'>>;
  logger: Logger;
  /** Whether the demo organisation is loaded (the login page then lists the demo accounts). */
  demoMode?: () => boolean;
  /** Report each request's number of SQL statements in `X-Sql-Queries` (tests, benchmark). */
  countSql?: boolean;
  /** False while the database is being prepared at start: every request then gets 503. */
  ready?: () => boolean;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Builds the Express app; starting the database and listening is server.ts's job. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.set('views', path.join(ROOT, 'views'));
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  rememberViewLookups(path.join(ROOT, 'views'));
  // The client's address (login throttling, the audit log) comes from X-Forwarded-For only when nginx sent it.
  app.set('trust proxy', deps.config.trustProxy ?? 'loopback');
  app.disable('x-powered-by');
  // Every signed-in answer is no-store (middleware/no-store.ts): browsers never revalidate, so an ETag would only cost
  // a hash of each page. Static files keep theirs (express.static).
  app.set('etag', false);

  const ready = deps.ready ?? (() => true);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: deps.config.cookieSecure,
    }),
  );
  app.use(accessLog(deps.logger));
  app.use('/public', express.static(path.join(ROOT, 'public'), { maxAge: '1d', index: false }));
  // The rich-text editor, served from the installed package (no CDN on the LAN).
  app.use('/public/vendor/quill', express.static(path.join(ROOT, 'node_modules/quill/dist'), { maxAge: '7d', index: false }));

  if (deps.countSql) app.use(sqlCountHeader);
  app.use(readinessGate(ready));
  app.use(express.urlencoded({ extended: true, limit: '2mb', parameterLimit: 2000 }));
  app.use(uploadParser());
  app.use(sessionMiddleware({ pool: deps.db.pool, secret: deps.config.sessionSecret, secure: deps.config.cookieSecure }));
  app.use(saveFlashBeforeRedirect);
  const passport = configurePassport(deps.db.prisma);
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(noStore);
  // What pages keep for everyone, per data generation (src/cache/). Tests and the benchmark (countSql) can ask for a
  // page's full cost, nothing kept, with `X-Cache: off`.
  const shared = new GenerationCache();
  app.use(requestCache(shared, sessionGeneration, (req) => Boolean(deps.countSql && req.get('x-cache') === 'off')));
  app.use(renderHelpers({ demoMode: deps.demoMode ?? (() => false), db: deps.db.prisma }));
  app.use(refuseNulBytes);
  app.use(csrfProtection(deps.config.sessionSecret, deps.config.cookieSecure));
  app.use(forcePasswordChange);

  mountRoutes(app, { db: deps.db, passport, config: deps.config });

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
