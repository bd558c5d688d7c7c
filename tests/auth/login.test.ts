import { describe, expect, it } from 'vitest';
import { anonymous, csrfOf, loginAs } from '../helpers/app.js';
import { makePerson, TEST_PASSWORD } from '../helpers/factories.js';
import { testDb } from '../helpers/db.js';

describe('login', () => {
  it('shows the Chinese login form with a CSRF field', async () => {
    const res = await anonymous().get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('用户名（工号）');
    expect(res.text).toMatch(/name="_csrf" value="[^"]+"/);
    expect(res.text).toContain('<title>登录 - 党建信息平台</title>');
  });

  it('logs in, regenerates the session id and returns to the page asked for', async () => {
    const person = await makePerson();
    const agent = anonymous();
    const first = await agent.get('/login?returnTo=%2Fme');
    const before = /djportal\.sid=([^;]+)/.exec(String(first.headers['set-cookie']))?.[1];
    const token = /name="_csrf" value="([^"]+)"/.exec(first.text)![1];
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, username: person.username, password: TEST_PASSWORD, returnTo: '/me' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/me');
    const after = /djportal\.sid=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    // no session before the login (nothing is stored for a visitor, see anonymous-session.test.ts), a new one after
    expect(before).toBeUndefined();
    expect(after).toBeDefined();
    const me = await agent.get('/me');
    expect(me.text).toContain(person.displayName);
  });

  it('never follows a returnTo that leaves the site', async () => {
    const person = await makePerson();
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const agent = anonymous();
      const token = await csrfOf(agent);
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: token, username: person.username, password: TEST_PASSWORD, returnTo: evil });
      expect(res.headers.location).toBe('/');
    }
  });

  it('gives the same message for an unknown user and a wrong password, keeping the username', async () => {
    const person = await makePerson();
    const agent = anonymous();
    const token = await csrfOf(agent);
    const wrong = await agent.post('/login').type('form').send({ _csrf: token, username: person.username, password: 'nope' });
    const unknown = await agent.post('/login').type('form').send({ _csrf: token, username: 'nobody-here', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('用户名或密码错误');
    expect(unknown.text).toContain('用户名或密码错误');
    expect(wrong.text).toContain(`value="${person.username}"`);
  });

  it('asks for both fields in Chinese when they are empty', async () => {
    const agent = anonymous();
    const token = await csrfOf(agent);
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: '', password: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('请输入用户名（工号）');
    expect(res.text).toContain('请输入密码');
  });

  it('throttles an account after five wrong passwords, even with the right one', async () => {
    const person = await makePerson();
    const agent = anonymous();
    const token = await csrfOf(agent);
    for (let i = 0; i < 5; i++)
      await agent.post('/login').type('form').send({ _csrf: token, username: person.username, password: 'wrong' });
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: person.username, password: TEST_PASSWORD });
    expect(res.status).toBe(429);
    expect(res.text).toContain('登录失败次数过多');
  });

  it('refuses a deactivated account', async () => {
    const person = await makePerson({ active: false });
    const agent = anonymous();
    const token = await csrfOf(agent);
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: person.username, password: TEST_PASSWORD });
    expect(res.status).toBe(401);
  });

  it('refuses a login post without the CSRF token', async () => {
    const person = await makePerson();
    const res = await anonymous().post('/login').type('form').send({ username: person.username, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('页面已过期');
  });

  it('logout destroys the session in the database', async () => {
    const person = await makePerson();
    const agent = await loginAs(person.username);
    const token = await csrfOf(agent, '/me');
    const before = await testDb().session.count();
    const res = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(await testDb().session.count()).toBe(before - 1);
    const again = await agent.get('/me');
    expect(again.status).toBe(303);
    expect(again.headers.location).toContain('/login');
  });

  it('sends anonymous visitors to the login page with the page they asked for', async () => {
    const res = await anonymous().get('/units');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?returnTo=%2Funits');
  });
});
