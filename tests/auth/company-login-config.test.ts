import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { escapeFilterValue } from '../../src/domain/auth/directory.js';

const base = { DATA_DIR: path.join(os.tmpdir(), `djportal-config-${process.pid}`), SESSION_SECRET: 'x'.repeat(32) };

describe('company login configuration', () => {
  it('is off unless LDAP_URL is set', () => {
    expect(loadConfig(base).ldap).toBeUndefined();
  });

  it('reads the directory settings, with the defaults documented in .env.example', () => {
    const ldap = loadConfig({
      ...base,
      LDAP_URL: 'ldap://dc1.corp.example:389',
      LDAP_SEARCH_BASE: 'ou=staff,dc=corp',
      LDAP_STARTTLS: 'true',
    }).ldap;
    expect(ldap).toMatchObject({
      url: 'ldap://dc1.corp.example:389',
      searchBase: 'ou=staff,dc=corp',
      userFilter: '(uid={username})',
      employeeIdAttribute: 'employeeNumber',
      startTls: true,
      timeoutMs: 3000,
    });
  });

  it('refuses settings that cannot work, naming the variable', () => {
    expect(() => loadConfig({ ...base, LDAP_URL: 'ldap://dc1' })).toThrow(/LDAP_SEARCH_BASE/);
    expect(() => loadConfig({ ...base, LDAP_URL: 'http://dc1', LDAP_SEARCH_BASE: 'dc=x' })).toThrow(/LDAP_URL/);
    expect(() => loadConfig({ ...base, LDAP_URL: 'ldaps://dc1', LDAP_SEARCH_BASE: 'dc=x', LDAP_STARTTLS: 'true' })).toThrow(
      /LDAP_STARTTLS/,
    );
    expect(() => loadConfig({ ...base, LDAP_URL: 'ldap://dc1', LDAP_SEARCH_BASE: 'dc=x', LDAP_USER_FILTER: '(uid=x)' })).toThrow(
      /LDAP_USER_FILTER/,
    );
  });

  it('escapes what a person types so it cannot widen the directory search', () => {
    expect(escapeFilterValue('a*)(uid=*\\')).toBe('a\\2a\\29\\28uid=\\2a\\5c');
  });
});
