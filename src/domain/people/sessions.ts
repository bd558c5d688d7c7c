import type { Db } from '../../db/client.js';

type Tx = Pick<Db, '$executeRaw'>;

/** Ends every session of a person (deactivated, or roles changed): they must log in again. */
export async function endSessionsOf(tx: Tx, personId: number): Promise<number> {
  return tx.$executeRaw`DELETE FROM "session" WHERE (sess::jsonb -> 'passport' ->> 'user') = ${String(personId)}`;
}
