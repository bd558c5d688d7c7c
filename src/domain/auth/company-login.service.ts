import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import { checkDirectoryLogin, type DirectoryConfig } from './directory.js';
import { loginSucceeded, takeAttempt } from './login.service.js';
import { verifyPassword } from './passwords.js';

export type CompanyLoginResult =
  { ok: true; personId: number } | { ok: false; reason: 'invalid' | 'throttled' | 'unavailable' | 'unmatched'; employeeId?: string };

const failed = (db: Db, p: { personId?: number; username: string; ip: string; why: string }) =>
  audit(db, {
    actorId: p.personId ?? null,
    action: 'auth.login_failed',
    entityType: 'Person',
    entityId: p.personId,
    summary: `登录失败（${p.why}）：${p.username}`,
    ip: p.ip,
  });

/**
 * The login form with company login on: a local account's own password first (an administrator's is the only
 * one tried: a broken directory cannot lock them out), then the directory, whose entry names the person by 工号.
 * The same throttle counts both; a directory that does not answer gives the attempt back.
 */
export async function attemptCompanyLogin(
  db: Db,
  directory: DirectoryConfig,
  username: string,
  password: string,
  ip: string,
): Promise<CompanyLoginResult> {
  const taken = await takeAttempt(db, username, ip);
  if (!taken) return { ok: false, reason: 'throttled' };
  const local = await db.person.findUnique({
    where: { username },
    select: { id: true, passwordHash: true, active: true, grants: { where: { role: 'ADMIN' }, select: { id: true } } },
  });
  if (local?.active && (await verifyPassword(local.passwordHash, password))) {
    await loginSucceeded(db, { personId: local.id, username, ip, taken });
    return { ok: true, personId: local.id };
  }
  if (local?.grants.length) {
    await failed(db, { personId: local.id, username, ip, why: '管理员只用本地密码' });
    return { ok: false, reason: 'invalid' };
  }
  const answer = await checkDirectoryLogin(directory, username, password);
  if (!answer.ok && answer.reason === 'unavailable') {
    await db.loginFailure.deleteMany({ where: { id: { in: taken } } });
    await failed(db, { username, ip, why: '公司账号目录无响应' });
    return { ok: false, reason: 'unavailable' };
  }
  if (!answer.ok) {
    await failed(db, { username, ip, why: answer.reason === 'invalid' ? '公司账号' : '公司账号没有工号' });
    return { ok: false, reason: answer.reason === 'invalid' ? 'invalid' : 'unmatched' };
  }
  const person = await db.person.findUnique({
    where: { username: answer.employeeId },
    select: { id: true, active: true, grants: { where: { role: 'ADMIN' }, select: { id: true } } },
  });
  // an administrator's account is not opened by the directory either
  if (!person || !person.active || person.grants.length) {
    await failed(db, { personId: person?.id, username, ip, why: `公司账号的工号 ${answer.employeeId} 没有对应的在用人员` });
    return { ok: false, reason: 'unmatched', employeeId: answer.employeeId };
  }
  await loginSucceeded(db, { personId: person.id, username, ip, taken, how: `（公司账号，工号 ${answer.employeeId}）` });
  return { ok: true, personId: person.id };
}
