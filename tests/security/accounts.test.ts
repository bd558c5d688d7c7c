import { afterAll, describe, expect, it } from 'vitest';
import { passwordProblems } from '../../src/domain/auth/passwords.js';
import { anonymous, csrfOf, loginAs, postConcurrently, postForm, type Agent } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, TEST_PASSWORD } from '../helpers/factories.js';

// What tests/auth and tests/admin leave open about accounts: every strength rule, the lock by address and for
// unknown names, what a person with a reset password may not do, and every way a session must end.

const started = new Date();
afterAll(async () => {
  // the wrong passwords below must not throttle the logins of the next test file of this worker
  await testDb().loginFailure.deleteMany({ where: { at: { gte: started } } });
});

async function changePassword(agent: Agent, current: string, next: string, confirm = next) {
  return postForm(agent, '/me/password', { current, next, confirm });
}

describe('password strength', () => {
  it('names every rule in Chinese', () => {
    expect(passwordProblems('Ab1!xyz')).toEqual(['密码至少 8 位']);
    expect(passwordProblems('alllowercase')).toEqual(['密码须包含大写字母、小写字母、数字、符号中的至少三类']);
    expect(passwordProblems('lowercase123')).toEqual(['密码须包含大写字母、小写字母、数字、符号中的至少三类']);
    expect(passwordProblems(`Aa1!${'x'.repeat(125)}`)).toEqual(['密码不能超过 128 位']);
    expect(passwordProblems('Zhang#2026san', 'zhang')).toEqual(['密码不能包含用户名']);
    for (const good of ['Strong#2026', 'lower1234!', 'UPPER1234!', '长密码Abc12345']) expect(passwordProblems(good), good).toEqual([]);
  });

  it('refuses each weak new password on the change form, keeping the old one working', async () => {
    const p = await makePerson();
    const agent = await loginAs(p.username);
    for (const [next, message] of [
      ['Ab1!xyz', '密码至少 8 位'],
      ['alllowercase', '至少三类'],
      [`X#1${p.username}`, '密码不能包含用户名'],
      [`Aa1!${'x'.repeat(125)}`, '密码不能超过 128 位'],
      [TEST_PASSWORD, '新密码不能与当前密码相同'],
    ]) {
      const res = await changePassword(agent, TEST_PASSWORD, next);
      expect(res.status, next).toBe(400);
      expect(res.text, next).toContain(message);
    }
    await expect(loginAs(p.username)).resolves.toBeDefined();
  });

  it('acknowledges only one of several simultaneous changes typed with the same current password', async () => {
    const p = await makePerson();
    // several rounds: argon2's check takes long enough that the changes overlap, a lucky order in one still shows
    for (let round = 0; round < 3; round++) {
      const current = round === 0 ? TEST_PASSWORD : `Winner#${round - 1}x`;
      const agent = await loginAs(p.username, current);
      const nexts = [0, 1, 2, 3, 4].map((i) => `Change#${round}${i}x`);
      const answers = await postConcurrently(
        agent,
        '/me/password',
        nexts.map((next) => ({ current, next, confirm: next })),
      );
      const won = answers.findIndex((a) => a.status === 303);
      expect(answers.map((a) => a.status).sort(), `round ${round}`).toEqual([303, 400, 400, 400, 400]);
      for (const a of answers.filter((x) => x.status === 400)) expect(a.text).toMatch(/密码刚刚已被修改|当前密码不正确/);
      // the acknowledged password is the one that works; every other one typed at the same instant does not
      for (const [i, next] of nexts.entries()) {
        const login = anonymous();
        const token = await csrfOf(login);
        const res = await login.post('/login').type('form').send({ _csrf: token, username: p.username, password: next });
        expect(res.status === 303, next).toBe(i === won);
      }
      await postForm(await loginAs(p.username, nexts[won]), '/me/password', {
        current: nexts[won],
        next: `Winner#${round}x`,
        confirm: `Winner#${round}x`,
      });
    }
    expect(await testDb().auditLog.count({ where: { action: 'person.password_changed', entityId: String(p.id) } })).toBe(6);
  });

  it('holds an administrator’s chosen password to the same rules', async () => {
    const admin = await loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
    for (const [username, password, message] of [
      ['weak-classes', 'alllowercase', '至少三类'],
      ['weakname', 'Weakname#1', '不能包含用户名'],
    ]) {
      const res = await postForm(admin, '/admin/users', { username, displayName: '弱密码', partyStatus: 'MASSES', password });
      expect(res.status, password).toBe(400);
      expect(res.text, password).toContain(message);
    }
    expect(await testDb().person.count({ where: { username: { in: ['weak-classes', 'weakname'] } } })).toBe(0);
  });
});

describe('locking after wrong passwords', () => {
  const from = (ip: string) => ({ 'X-Forwarded-For': ip });

  it('locks an unknown name exactly like a real one, so the form does not tell which exist', async () => {
    const p = await makePerson();
    const agent = anonymous();
    const token = await csrfOf(agent);
    const answers: number[][] = [[], []];
    for (const [i, username] of [p.username, `nobody-${p.username}`].entries()) {
      for (let n = 0; n < 6; n++)
        answers[i].push(
          (
            await agent
              .post('/login')
              .set(from(`10.66.${i}.1`))
              .type('form')
              .send({ _csrf: token, username, password: 'wrong' })
          ).status,
        );
    }
    expect(answers[0]).toEqual([401, 401, 401, 401, 401, 429]);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('locks an address that tries many names, with the Chinese message, while other addresses still log in', async () => {
    const people = await Promise.all(Array.from({ length: 7 }, () => makePerson()));
    const agent = anonymous();
    const token = await csrfOf(agent);
    for (let n = 0; n < 30; n++)
      await agent
        .post('/login')
        .set(from('10.67.0.1'))
        .type('form')
        .send({ _csrf: token, username: people[n % 7].username, password: 'wrong' });
    const fresh = await makePerson();
    const locked = await agent
      .post('/login')
      .set(from('10.67.0.1'))
      .type('form')
      .send({ _csrf: token, username: fresh.username, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('登录失败次数过多，请稍后再试（最多 15 分钟），或联系网站管理员解锁');
    const elsewhere = await agent
      .post('/login')
      .set(from('10.67.0.2'))
      .type('form')
      .send({ _csrf: token, username: fresh.username, password: TEST_PASSWORD });
    expect(elsewhere.status).toBe(303);
  });

  it('is lifted by an administrator, in the audit log', async () => {
    const p = await makePerson();
    const admin = await makePerson({ roles: [{ role: 'ADMIN' }] });
    const visitor = anonymous();
    const token = await csrfOf(visitor);
    for (let n = 0; n < 5; n++)
      await visitor.post('/login').set(from('10.68.0.1')).type('form').send({ _csrf: token, username: p.username, password: 'wrong' });
    expect(
      (
        await visitor
          .post('/login')
          .set(from('10.68.0.1'))
          .type('form')
          .send({ _csrf: token, username: p.username, password: TEST_PASSWORD })
      ).status,
    ).toBe(429);
    const adminAgent = await loginAs(admin.username);
    expect((await postForm(adminAgent, `/admin/users/${p.id}/unlock`, {})).status).toBe(303);
    expect(
      (
        await visitor
          .post('/login')
          .set(from('10.68.0.1'))
          .type('form')
          .send({ _csrf: token, username: p.username, password: TEST_PASSWORD })
      ).status,
    ).toBe(303);
    expect(await testDb().auditLog.count({ where: { action: 'person.unlocked', actorId: admin.id, entityId: String(p.id) } })).toBe(1);
  });
});

describe('a reset password must be changed first', () => {
  it('refuses every change but the password’s (and logging out) until then', async () => {
    const w = await makeBranchWorld();
    await testDb().person.update({ where: { id: w.secretary.id }, data: { mustChangePassword: true } });
    const sec = await loginAs(w.secretary.username);
    const token = await csrfOf(sec, '/me');
    const voice = await sec
      .post('/voices')
      .type('form')
      .send({ _csrf: token, unit: w.branch.code, category: 'SUGGESTION', title: '改密码前', body: '内容' });
    expect(voice.status).toBe(403);
    expect(voice.text).toContain('请先在个人中心设置新密码');
    const page = await sec
      .post(`/units/${w.branch.code}/modules/overview/edit`)
      .type('form')
      .send({ _csrf: token, title: '概况', body: '<p>x</p>', baseNumber: 0, intent: 'publish' });
    expect(page.status).toBe(403);
    expect(await testDb().voice.count({ where: { authorId: w.secretary.id } })).toBe(0);
    expect(await testDb().contentItem.count({ where: { unitId: w.branch.id } })).toBe(0);

    const same = await sec
      .post('/me/password')
      .type('form')
      .send({ _csrf: token, current: TEST_PASSWORD, next: TEST_PASSWORD, confirm: TEST_PASSWORD });
    expect(same.status).toBe(400);
    expect(same.text).toContain('新密码不能与当前密码相同');
    expect(
      (
        await sec
          .post('/me/password')
          .type('form')
          .send({ _csrf: token, current: TEST_PASSWORD, next: 'Changed#2026', confirm: 'Changed#2026' })
      ).status,
    ).toBe(303);
    expect(
      (
        await sec
          .post('/voices')
          .type('form')
          .send({ _csrf: token, unit: w.branch.code, category: 'SUGGESTION', title: '改密码后', body: '内容' })
      ).status,
    ).toBe(303);

    const other = await makePerson({ mustChangePassword: true });
    const agent = await loginAs(other.username);
    expect(
      (
        await agent
          .post('/logout')
          .type('form')
          .send({ _csrf: await csrfOf(agent, '/me') })
      ).status,
    ).toBe(303);
  });
});

describe('sessions end when the account changes', () => {
  async function twoSessions(username: string) {
    return [await loginAs(username), await loginAs(username)];
  }
  const loggedOut = async (agent: Agent) => {
    const res = await agent.get('/me');
    return res.status === 303 && String(res.headers.location).startsWith('/login');
  };

  it('ends every session of a person when a role is revoked, granted, the account deactivated or its password reset', async () => {
    const unit = (await makeBranchWorld()).branch;
    const admin = await loginAs((await makePerson({ roles: [{ role: 'ADMIN' }] })).username);
    const p = await makePerson({ roles: [{ role: 'OFFICE' }, { role: 'MEMBER', unitId: unit.id }] });
    const grants = await testDb().roleGrant.findMany({ where: { personId: p.id }, orderBy: { id: 'asc' } });

    let sessions = await twoSessions(p.username);
    expect((await sessions[0].get('/review')).status).toBe(200);
    expect((await postForm(admin, `/admin/users/${p.id}/roles/${grants[0].id}/revoke`, {})).status).toBe(303);
    for (const s of sessions) expect(await loggedOut(s)).toBe(true);
    expect((await (await loginAs(p.username)).get('/review')).status).toBe(403);

    sessions = await twoSessions(p.username);
    expect((await postForm(admin, `/admin/users/${p.id}/roles`, { role: 'INFO_OFFICER', unitId: String(unit.id) })).status).toBe(303);
    for (const s of sessions) expect(await loggedOut(s)).toBe(true);

    sessions = await twoSessions(p.username);
    const reset = await postForm(admin, `/admin/users/${p.id}/password`, {});
    expect(reset.status).toBe(303);
    for (const s of sessions) expect(await loggedOut(s)).toBe(true);
    await expect(loginAs(p.username)).rejects.toThrow();
    const temporary = /临时密码：(\S+?)（/.exec((await admin.get(reset.headers.location)).text)![1];

    sessions = [await loginAs(p.username, temporary), await loginAs(p.username, temporary)];
    expect((await postForm(admin, `/admin/users/${p.id}/active`, { active: 'false' })).status).toBe(303);
    for (const s of sessions) expect(await loggedOut(s)).toBe(true);
    // the audit entries of the reset and the deactivation say how many sessions ended
    const entries = await testDb().auditLog.findMany({
      where: { entityId: String(p.id), action: { in: ['person.password_reset', 'person.deactivated'] } },
      orderBy: { id: 'asc' },
    });
    expect(entries.map((e) => [e.action, e.data, e.summary])).toEqual([
      ['person.password_reset', { endedSessions: 2 }, `重置 ${p.username} 的密码，其 2 处登录已退出`],
      ['person.deactivated', { endedSessions: 2 }, `停用账号 ${p.username}，其 2 处登录已退出`],
    ]);
  });

  it('ends a person’s other sessions when they change their own password, keeping the one that changed it', async () => {
    const p = await makePerson();
    const someoneElse = await loginAs((await makePerson()).username);
    const [a, b] = await twoSessions(p.username);
    const sessionsOf = async (id: number) =>
      (
        await testDb().$queryRaw<
          { n: number }[]
        >`SELECT count(*)::int AS n FROM "session" WHERE (sess::jsonb -> 'passport' ->> 'user') = ${String(id)}`
      )[0].n;
    expect(await sessionsOf(p.id)).toBe(2);

    // a refused change ends nothing
    expect((await changePassword(a, 'Wrong#2026x', 'Changed#2026')).status).toBe(400);
    expect(await loggedOut(b)).toBe(false);

    const res = await changePassword(a, TEST_PASSWORD, 'Changed#2026');
    expect(res.status).toBe(303);
    expect(await loggedOut(b)).toBe(true);
    const mine = await a.get('/me');
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('密码已修改');
    expect((await someoneElse.get('/me')).status).toBe(200);
    expect(await sessionsOf(p.id)).toBe(1);
    const entry = await testDb().auditLog.findFirstOrThrow({ where: { actorId: p.id, action: 'person.password_changed' } });
    expect(entry.summary).toContain('其他 1 处登录已退出');
    expect(entry.data).toEqual({ endedSessions: 1 });
    expect((await (await loginAs(p.username, 'Changed#2026')).get('/me')).status).toBe(200);
  });

  it('keeps the administrator’s own session when they reset their own password, ending their others', async () => {
    const admin = await makePerson({ roles: [{ role: 'ADMIN' }] });
    const [a, b] = await twoSessions(admin.username);
    const reset = await postForm(a, `/admin/users/${admin.id}/password`, {});
    expect(reset.status).toBe(303);
    expect(await loggedOut(b)).toBe(true);
    const page = await a.get('/me?mustChange=1');
    expect(page.status).toBe(200);
    expect(page.text).toContain('密码已重置');
    const entry = await testDb().auditLog.findFirstOrThrow({ where: { entityId: String(admin.id), action: 'person.password_reset' } });
    expect(entry.data).toEqual({ endedSessions: 1 });
  });
});
