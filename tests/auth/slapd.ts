import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/ports.js';

/** Debian's OpenLDAP server (`apt-get install slapd ldap-utils`; .ci/run installs it). */
const SLAPD = ['/usr/sbin/slapd', '/usr/local/sbin/slapd'].find((p) => existsSync(p));
const SLAPADD = ['/usr/sbin/slapadd', '/usr/local/sbin/slapadd'].find((p) => existsSync(p));
export const slapdMissing = !SLAPD || !SLAPADD ? 'slapd/slapadd not found (apt-get install -y slapd ldap-utils)' : null;

export const BASE = 'dc=example,dc=com';
export const SERVICE = { dn: `cn=portal,ou=services,${BASE}`, password: 'Service#2026' };

export interface DirectoryUser {
  uid: string;
  password: string;
  employeeNumber?: string;
}

export interface Slapd {
  url: string;
  tlsUrl: string;
  ca: string;
  stop(): Promise<void>;
}

const waitForPort = async (port: number, ms = 10_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`slapd did not listen on ${port}`);
};

/**
 * Starts a throwaway slapd in a temp folder: a small directory (people under ou=people, a service account that may
 * search), plain LDAP and LDAPS on free ports, StartTLS on the plain one, with a self-signed certificate for 127.0.0.1.
 */
export async function startSlapd(users: DirectoryUser[]): Promise<Slapd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'djportal-slapd-'));
  mkdirSync(path.join(dir, 'db'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
    ],
    { stdio: 'ignore' },
  );
  const conf = `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile ${dir}/slapd.pid
TLSCertificateFile ${dir}/cert.pem
TLSCertificateKeyFile ${dir}/key.pem
access to attrs=userPassword by self read by anonymous auth by * none
access to * by dn.exact="${SERVICE.dn}" read by self read by anonymous auth by * none
database mdb
maxsize 10485760
suffix "${BASE}"
rootdn "cn=admin,${BASE}"
rootpw not-used-by-the-tests
directory ${dir}/db
`;
  writeFileSync(path.join(dir, 'slapd.conf'), conf);
  const entries = [
    `dn: ${BASE}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example`,
    `dn: ou=people,${BASE}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=services,${BASE}\nobjectClass: organizationalUnit\nou: services`,
    `dn: ${SERVICE.dn}\nobjectClass: person\ncn: portal\nsn: portal\nuserPassword: ${SERVICE.password}`,
    ...users.map(
      (u) =>
        `dn: uid=${u.uid},ou=people,${BASE}\nobjectClass: inetOrgPerson\nuid: ${u.uid}\ncn: ${u.uid}\nsn: ${u.uid}\nuserPassword: ${u.password}` +
        (u.employeeNumber ? `\nemployeeNumber: ${u.employeeNumber}` : ''),
    ),
  ];
  writeFileSync(path.join(dir, 'data.ldif'), entries.join('\n\n') + '\n');
  execFileSync(SLAPADD!, ['-f', path.join(dir, 'slapd.conf'), '-l', path.join(dir, 'data.ldif')], { stdio: 'ignore' });
  const [port, tlsPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    SLAPD!,
    ['-d', '0', '-f', path.join(dir, 'slapd.conf'), '-h', `ldap://127.0.0.1:${port}/ ldaps://127.0.0.1:${tlsPort}/`],
    { stdio: 'ignore' },
  );
  await waitForPort(port);
  await waitForPort(tlsPort);
  return {
    url: `ldap://127.0.0.1:${port}`,
    tlsUrl: `ldaps://127.0.0.1:${tlsPort}`,
    ca: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
