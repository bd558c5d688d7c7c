import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DirectoryConfig } from './domain/auth/directory.js';
import { persistentSecret } from './lib/secrets.js';
import { ensureWritableDir } from './lib/startup-error.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The app's role: row rights only. With MIGRATION_DATABASE_URL unset it is also the owner (docs/OPERATIONS.md). */
  DATABASE_URL: z.string().min(1).optional(),
  /** The owner's role, which migrations connect as; only with DATABASE_URL. */
  MIGRATION_DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(16).optional(),
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  /** Cookies marked Secure only when the portal is served over HTTPS (behind nginx, say). */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  /** Whose X-Forwarded-* to believe (Express "trust proxy"): the nginx in front, e.g. `loopback, 10.0.0.5`. */
  TRUST_PROXY: z.string().min(1).default('loopback'),
  /** The benchmark turns this on to read each page's number of SQL statements from a response header. */
  SQL_COUNT_HEADER: z.enum(['true', 'false']).default('false'),
  /** Company login (LDAP / Active Directory), off unless LDAP_URL is set: ldap://host:389 or ldaps://host:636. */
  LDAP_URL: z.url({ protocol: /^ldaps?$/, error: 'must be ldap://… or ldaps://…' }).optional(),
  LDAP_BIND_DN: z.string().min(1).optional(),
  LDAP_BIND_PASSWORD: z.string().optional(),
  LDAP_SEARCH_BASE: z.string().min(1).optional(),
  /** `{username}` is replaced by what the person typed, escaped. AD: (sAMAccountName={username}). */
  LDAP_USER_FILTER: z.string().includes('{username}').default('(uid={username})'),
  /** The attribute that holds the 工号 (the portal's username). AD: often employeeID. */
  LDAP_EMPLOYEE_ID_ATTRIBUTE: z.string().min(1).default('employeeNumber'),
  LDAP_STARTTLS: z.enum(['true', 'false']).default('false'),
  /** A PEM file of the CA that signed the directory's certificate (LDAPS or StartTLS); the system's CAs otherwise. */
  LDAP_TLS_CA_FILE: z.string().min(1).optional(),
  /** How long connecting and each request may take before the login form says the directory does not answer. */
  LDAP_TIMEOUT_MS: z.coerce.number().int().min(200).max(30000).default(3000),
});

export interface Config {
  port: number;
  databaseUrl?: string;
  migrationDatabaseUrl?: string;
  dataDir: string;
  sessionSecret: string;
  /** undefined: seed when the database is empty. */
  seedDemo?: boolean;
  embeddedPgPort: number;
  /** EMBEDDED_PG_PORT was given: a busy port is an error, not a reason to pick another. */
  embeddedPgPortFixed: boolean;
  logLevel: string;
  cookieSecure: boolean;
  trustProxy: string;
  uploadsDir: string;
  sqlCountHeader: boolean;
  /** Company login; undefined when LDAP_URL is not set. */
  ldap?: DirectoryConfig;
}

function directoryConfig(e: z.infer<typeof envSchema>): DirectoryConfig | undefined {
  if (!e.LDAP_URL) return undefined;
  if (!e.LDAP_SEARCH_BASE) throw new Error('Invalid configuration:\nLDAP_SEARCH_BASE: required with LDAP_URL');
  if (e.LDAP_STARTTLS === 'true' && e.LDAP_URL.startsWith('ldaps:'))
    throw new Error('Invalid configuration:\nLDAP_STARTTLS: use it with ldap://, not ldaps:// (already encrypted)');
  return {
    url: e.LDAP_URL,
    bindDN: e.LDAP_BIND_DN,
    bindPassword: e.LDAP_BIND_PASSWORD ?? '',
    searchBase: e.LDAP_SEARCH_BASE,
    userFilter: e.LDAP_USER_FILTER,
    employeeIdAttribute: e.LDAP_EMPLOYEE_ID_ATTRIBUTE,
    startTls: e.LDAP_STARTTLS === 'true',
    ca: e.LDAP_TLS_CA_FILE ? readFileSync(e.LDAP_TLS_CA_FILE, 'utf8') : undefined,
    timeoutMs: e.LDAP_TIMEOUT_MS,
  };
}

/** Reads the environment once; a secret that is not given is generated into DATA_DIR and kept. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new Error('Invalid configuration:\nMIGRATION_DATABASE_URL: given without DATABASE_URL (the role the app connects as)');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  ensureWritableDir(dataDir);
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? persistentSecret(dataDir, 'session-secret'),
    seedDemo: e.SEED_DEMO === undefined ? undefined : e.SEED_DEMO === 'true',
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    embeddedPgPortFixed: env.EMBEDDED_PG_PORT !== undefined && env.EMBEDDED_PG_PORT !== '',
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.COOKIE_SECURE === 'true',
    trustProxy: e.TRUST_PROXY,
    uploadsDir: path.join(dataDir, 'uploads'),
    sqlCountHeader: e.SQL_COUNT_HEADER === 'true',
    ldap: directoryConfig(e),
  };
}
