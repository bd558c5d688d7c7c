import { afterAll, describe, expect, it } from 'vitest';
import { anonymous, csrfOf } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, TEST_PASSWORD } from '../helpers/factories.js';

// The rule of docs/OPERATIONS.md "Login throttling", through the login form.
const started = new Date();
afterAll(async () => {
  // the wrong passwords below must not throttle the logins of the next test file of this worker
  await testDb().loginFailure.deleteMany({ where: { at: { gte: started } } });
});

let nextAddress = 1;
/** An address of its own for each caller (the app trusts X-Forwarded-For from the loopback proxy). */
const address = () => `10.71.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

async function loginFrom(ip: string, username: string, password: string) {
  const agent = anonymous();
  const _csrf = await csrfOf(agent);
  return agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ _csrf, username, password });
}

const checked = (personId: number) => testDb().auditLog.count({ where: { action: 'auth.login_failed', entityId: String(personId) } });

describe('login throttling', () => {
  it('checks no more than five of 39 simultaneous wrong passwords at one account from one address', async () => {
    const p = await makePerson();
    const ip = address();
    const agent = anonymous();
    const _csrf = await csrfOf(agent);
    const answers = await Promise.all(
      Array.from({ length: 39 }, () =>
        agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ _csrf, username: p.username, password: 'wrong' }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(await checked(p.id)).toBeLessThanOrEqual(5);
  });

  it('does not let a stranger lock a person out of their own computer', async () => {
    const p = await makePerson();
    const stranger = address();
    for (let n = 0; n < 6; n++) await loginFrom(stranger, p.username, 'wrong');
    const locked = await loginFrom(stranger, p.username, TEST_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('登录失败次数过多');
    expect((await loginFrom(address(), p.username, TEST_PASSWORD)).status).toBe(303);
  });

  it('slows down guesses at one account from many addresses, without locking the person out for good', async () => {
    const p = await makePerson();
    const statuses: number[] = [];
    for (let n = 0; n < 20; n++) statuses.push((await loginFrom(address(), p.username, 'wrong')).status);
    // ten free checks, then one per 30 seconds for the account from all addresses together
    expect(statuses).toEqual([...Array(11).fill(401), ...Array(9).fill(429)]);
    expect(await checked(p.id)).toBe(11);
    expect((await loginFrom(address(), p.username, TEST_PASSWORD)).status).toBe(429);
    // 30 seconds later the next check is let through (the clock is the database's: the counters are moved back)
    await testDb().$executeRaw`UPDATE "LoginFailure" SET at = at - interval '31 seconds' WHERE key = ${`s:${p.username.toLowerCase()}`}`;
    expect((await loginFrom(address(), p.username, TEST_PASSWORD)).status).toBe(303);
  });
});
