import { describe, expect, it } from 'vitest';
import { loadSessionUser } from '../../src/domain/auth/login.service.js';
import { parseSessionUser, SESSION_USER_SQL } from '../../src/domain/auth/session-user.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson } from '../helpers/factories.js';

/** The person as the session look-up reads them, for a session row holding `sess`. */
async function readWithSession(sess: unknown) {
  const sid = `test-${Math.random()}`;
  await testDb()
    .$executeRaw`INSERT INTO "session" (sid, sess, expire) VALUES (${sid}, ${JSON.stringify(sess)}::json, now() + interval '1 hour')`;
  const rows = await testDb().$queryRawUnsafe<{ u: string | null }[]>(
    `SELECT ${SESSION_USER_SQL} AS u FROM "session" s WHERE s.sid = $1`,
    sid,
  );
  return parseSessionUser(rows[0].u);
}

describe('the person read with the session', () => {
  it('is the person loadSessionUser gives, with every grant, for a signed-in session', async () => {
    const w = await makeBranchWorld();
    for (const p of [w.secretary, w.office, w.member]) {
      const expected = await loadSessionUser(testDb(), p.id);
      const read = await readWithSession({ cookie: {}, passport: { user: p.id } });
      expect(read).toEqual({ ...expected, grants: expect.arrayContaining(expected!.grants) });
      expect(read!.grants).toHaveLength(expected!.grants.length);
    }
  });

  it('is nobody for an anonymous session, a deactivated person or one who is gone', async () => {
    const p = await makePerson({ roles: [{ role: 'OFFICE' }] });
    expect(await readWithSession({ cookie: {}, csrfSecret: 'x' })).toBeNull();
    expect(await readWithSession({ cookie: {}, passport: { user: 'not-an-id' } })).toBeNull();
    await testDb().person.update({ where: { id: p.id }, data: { active: false } });
    expect(await readWithSession({ cookie: {}, passport: { user: p.id } })).toBeNull();
    expect(await readWithSession({ cookie: {}, passport: { user: 999_999_999 } })).toBeNull();
  });
});
