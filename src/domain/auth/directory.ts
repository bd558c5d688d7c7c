import { Client, InvalidCredentialsError } from 'ldapts';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';

/** Company login's directory (LDAP_* in src/config.ts, docs/OPERATIONS.md "Company login"). */
export interface DirectoryConfig {
  url: string;
  /** The service account that may search for people; anonymous search when unset. */
  bindDN?: string;
  bindPassword: string;
  searchBase: string;
  /** An LDAP filter with `{username}` where the typed name goes. */
  userFilter: string;
  employeeIdAttribute: string;
  startTls: boolean;
  /** PEM of the CA that signed the directory's certificate. */
  ca?: string;
  timeoutMs: number;
}

export type DirectoryAnswer = { ok: true; employeeId: string } | { ok: false; reason: 'invalid' | 'unavailable' | 'no-employee-id' };

/** RFC 4515: what a person types cannot change the filter's meaning (`*`, parentheses, backslash, NUL). */
export const escapeFilterValue = (v: string) => v.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

const firstValue = (v: unknown): string => {
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? '' : Buffer.isBuffer(one) ? one.toString('utf8').trim() : String(one).trim();
};

/**
 * Checks a domain username and password against the directory: the service account finds the person's entry, then
 * a bind as that entry checks the password (which is never kept). Every step is bounded by `timeoutMs`, so a
 * directory that does not answer gives `unavailable` within seconds.
 */
export async function checkDirectoryLogin(cfg: DirectoryConfig, username: string, password: string): Promise<DirectoryAnswer> {
  // an empty password would be an anonymous bind, which directories accept: never a login
  if (!password || !username) return { ok: false, reason: 'invalid' };
  const host = new URL(cfg.url).hostname.replace(/^\[|\]$/g, '');
  // StartTLS checks the certificate against `host` (ldapts would check "localhost"); SNI takes names only, not addresses
  const tls: ConnectionOptions = {
    ca: cfg.ca ? [cfg.ca] : undefined,
    minVersion: 'TLSv1.2',
    host,
    servername: isIP(host) ? undefined : host,
  };
  const client = new Client({
    url: cfg.url,
    timeout: cfg.timeoutMs,
    connectTimeout: cfg.timeoutMs,
    tlsOptions: cfg.url.startsWith('ldaps:') ? tls : undefined,
    strictDN: true,
  });
  let checkingPassword = false;
  try {
    if (cfg.startTls) await client.startTLS(tls);
    if (cfg.bindDN) await client.bind(cfg.bindDN, cfg.bindPassword);
    const { searchEntries } = await client.search(cfg.searchBase, {
      scope: 'sub',
      filter: cfg.userFilter.replaceAll('{username}', escapeFilterValue(username)),
      attributes: [cfg.employeeIdAttribute],
    });
    if (searchEntries.length !== 1) return { ok: false, reason: 'invalid' };
    const entry = searchEntries[0];
    checkingPassword = true;
    await client.bind(entry.dn, password);
    const employeeId = firstValue(entry[cfg.employeeIdAttribute]);
    return employeeId ? { ok: true, employeeId } : { ok: false, reason: 'no-employee-id' };
  } catch (e) {
    // a refused service account is the portal's configuration, not the person's password
    if (checkingPassword && e instanceof InvalidCredentialsError) return { ok: false, reason: 'invalid' };
    return { ok: false, reason: 'unavailable' };
  } finally {
    await client.unbind().catch(() => undefined);
  }
}
