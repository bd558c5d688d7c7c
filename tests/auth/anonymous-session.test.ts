import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs, testApp } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, TEST_PASSWORD } from '../helpers/factories.js';

const sessionRows = async () => (await testDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "session"`)[0].n;

describe('people who have not logged in', () => {
  it('leave no session row behind: 200 views of the login page, and a wrong password with its message', async () => {
    const p = await makePerson();
    const before = await sessionRows();
    for (let batch = 0; batch < 10; batch++)
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const res = await request(testApp()).get('/login');
          expect(res.status).toBe(200);
          expect(res.text).toMatch(/name="_csrf" value="[^"]+"/);
        }),
      );
    const agent = anonymous();
    const _csrf = await csrfOf(agent);
    const wrong = await agent.post('/login').type('form').send({ _csrf, username: p.username, password: 'wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('用户名或密码错误');
    expect(wrong.text).toContain(p.username);
    expect(await sessionRows()).toBe(before);

    // the same browser then logs in with the same form: now, and only now, a session is stored
    const ok = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: await csrfOf(agent), username: p.username, password: TEST_PASSWORD });
    expect(ok.status).toBe(303);
    expect(await sessionRows()).toBe(before + 1);
    expect((await agent.get('/me')).status).toBe(200);
  });

  it('still need the login form’s own token: none, or another browser’s, is refused', async () => {
    const p = await makePerson();
    const none = await anonymous().post('/login').type('form').send({ username: p.username, password: TEST_PASSWORD });
    expect(none.status).toBe(403);
    expect(none.text).toContain('页面已过期');
    const other = await csrfOf(anonymous());
    const foreign = await anonymous().post('/login').type('form').send({ _csrf: other, username: p.username, password: TEST_PASSWORD });
    expect(foreign.status).toBe(403);
    // a browser with a token cookie but a forged field
    const agent = anonymous();
    await csrfOf(agent);
    const forged = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: 'x'.repeat(40), username: p.username, password: TEST_PASSWORD });
    expect(forged.status).toBe(403);
    await expect(loginAs(p.username)).resolves.toBeDefined();
  });
});
