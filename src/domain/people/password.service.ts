import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import { hashPassword, passwordProblems, verifyPassword } from '../auth/passwords.js';
import { ValidationError } from '../errors.js';
import { endedNote, endSessionsOf } from './sessions.js';

/**
 * Changes a person's own password after checking the current one and the strength rules. The person's other
 * sessions end in the same transaction (someone who knew the old password may be signed in elsewhere); the session
 * that made the change (`sessionId`) stays signed in.
 */
export async function changeOwnPassword(
  db: Db,
  props: { personId: number; current: string; next: string; sessionId?: string; ip?: string },
): Promise<void> {
  const person = await db.person.findUniqueOrThrow({ where: { id: props.personId }, select: { username: true, passwordHash: true } });
  if (!(await verifyPassword(person.passwordHash, props.current))) throw new ValidationError({ current: '当前密码不正确' });
  const problems = passwordProblems(props.next, person.username);
  if (problems.length) throw new ValidationError({ next: problems.join('；') });
  if (props.current === props.next) throw new ValidationError({ next: '新密码不能与当前密码相同' });
  const passwordHash = await hashPassword(props.next);
  await db.$transaction(async (tx) => {
    // compare-and-set on the hash that was checked: of simultaneous changes typed with the same old password, one wins
    const changed = await tx.person.updateMany({
      where: { id: props.personId, passwordHash: person.passwordHash },
      data: { passwordHash, mustChangePassword: false },
    });
    if (!changed.count) throw new ValidationError({ current: '密码刚刚已被修改，当前密码不再正确，请用新密码重试' });
    const ended = await endSessionsOf(tx, props.personId, props.sessionId);
    await audit(tx, {
      actorId: props.personId,
      action: 'person.password_changed',
      entityType: 'Person',
      entityId: props.personId,
      summary: `${person.username} 修改了密码${endedNote(ended, true)}`,
      data: { endedSessions: ended },
      ip: props.ip,
    });
  });
}

/**
 * Why a person must set a password, for the prompt on /me: an administrator reset it, or the account is new and its
 * password was never set. The person's latest creation or reset decides (one index look-up in the audit log).
 */
export async function passwordPrompt(db: Db, personId: number): Promise<'new' | 'reset'> {
  const last = await db.auditLog.findFirst({
    where: { entityType: 'Person', entityId: String(personId), action: { in: ['person.created', 'person.password_reset'] } },
    orderBy: { id: 'desc' },
    select: { action: true },
  });
  return last?.action === 'person.password_reset' ? 'reset' : 'new';
}
