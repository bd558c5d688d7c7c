import { describe, expect, it } from 'vitest';
import { loginAs } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson } from '../helpers/factories.js';

const expiryOf = async (personId: number) =>
  (
    await testDb().$queryRaw<{ expire: Date }[]>`SELECT expire FROM "session" WHERE sess -> 'passport' ->> 'user' = ${String(personId)}`
  )[0]?.expire.getTime();

describe('a session in use', () => {
  // Found by the benchmark: every page view wrote the session's expiry back (a commit per request on one row).
  it('writes its expiry back at most every five minutes, not on every page, and stays logged in', async () => {
    const p = await makePerson();
    const agent = await loginAs(p.username);
    // the first pages after login may still write the session (a token, the first touch); then it settles
    await agent.get('/me');
    await agent.get('/me');
    await new Promise((r) => setTimeout(r, 300));
    const before = await expiryOf(p.id);
    expect(before).toBeGreaterThan(Date.now());
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      expect((await agent.get('/me')).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(await expiryOf(p.id)).toBe(before);
  });
});
