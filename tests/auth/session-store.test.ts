import type session from 'express-session';
import { describe, expect, it } from 'vitest';
import { createSessionStore } from '../../src/web/middleware/session.js';
import { loginAs } from '../helpers/app.js';
import { testDatabase, testDb } from '../helpers/db.js';
import { makePerson } from '../helpers/factories.js';

const store = () => createSessionStore({ pool: testDatabase().pool });
const call = <T>(f: (cb: (err: unknown, v?: T | null) => void) => void) =>
  new Promise<T | null | undefined>((ok, fail) => f((err, v) => (err ? fail(err as Error) : ok(v))));
const sessionOf = async (personId: number) =>
  (
    await testDb().$queryRaw<
      { sid: string; sess: Record<string, unknown> }[]
    >`SELECT sid, sess FROM "session" WHERE sess -> 'passport' ->> 'user' = ${String(personId)}`
  )[0];

/** A signed-in person's session as a request of theirs reads it from the store. */
async function sessionInUse() {
  const p = await makePerson();
  await loginAs(p.username);
  const { sid } = (await sessionOf(p.id))!;
  const s = store();
  const sess = (await call<session.SessionData>((cb) => s.get(sid, cb)))!;
  return { p, sid, s, sess };
}

describe('the session store', () => {
  it('does not bring back a session that was ended while a request of it was still running', async () => {
    const { p, sid, s, sess } = await sessionInUse();
    expect(sess).toMatchObject({ passport: { user: p.id } });

    // the person's password is changed elsewhere, which ends their sessions; this request then saves a message
    await testDb().$executeRaw`DELETE FROM "session" WHERE sid = ${sid}`;
    await call((cb) => s.set(sid, { ...sess, flash: [{ type: 'success' as const, text: '已保存' }] }, cb));
    expect(await sessionOf(p.id)).toBeUndefined();
  });

  it('updates a session in use and stores a new one, without its own bookkeeping in the data', async () => {
    const { p, sid, s, sess } = await sessionInUse();
    await call((cb) => s.set(sid, { ...sess, flash: [{ type: 'success' as const, text: '已保存' }] }, cb));
    const updated = (await sessionOf(p.id))!;
    expect(updated.sess).toMatchObject({ flash: [{ text: '已保存' }] });
    expect(Object.keys(updated.sess)).not.toContain('_stored');

    const cookie = { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000), httpOnly: true, path: '/' };
    await call((cb) => s.set(`${sid}-new`, { cookie, passport: { user: p.id } } as unknown as session.SessionData, cb));
    const fresh = await testDb().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "session" WHERE sid = ${`${sid}-new`}`;
    expect(fresh[0].n).toBe(1n);
  });
});
