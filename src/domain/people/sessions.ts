import type { Db } from '../../db/client.js';

type Tx = Pick<Db, '$executeRaw'>;

/**
 * Ends every session of a person (deactivated, roles or password changed): they must log in again. `exceptSid`
 * keeps the session that made the change when it is the person's own (a new password, set from that browser).
 * Returns how many sessions ended.
 */
export async function endSessionsOf(tx: Tx, personId: number, exceptSid?: string): Promise<number> {
  return tx.$executeRaw`DELETE FROM "session" WHERE (sess::jsonb -> 'passport' ->> 'user') = ${String(personId)} AND sid IS DISTINCT FROM ${exceptSid ?? null}`;
}

/** The audit summary's note of the sessions a change ended (`kept`: the session making the change stayed). */
export const endedNote = (ended: number, kept = false) => (ended ? `，${kept ? '其他' : '其'} ${ended} 处登录已退出` : '');
