import { describe, expect, it } from 'vitest';
import { loadSessionUser } from '../../src/domain/auth/login.service.js';
import { unreadCount } from '../../src/domain/notices/notices.queries.js';
import { parseSessionUser, SESSION_USER_SQL } from '../../src/domain/auth/session-user.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, makeUnit } from '../helpers/factories.js';
import { loginAs } from '../helpers/app.js';

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
      const unreadNotices = await unreadCount(testDb(), p);
      expect(read).toEqual({ ...expected, unreadNotices, grants: expect.arrayContaining(expected!.grants) });
      expect(read!.grants).toHaveLength(expected!.grants.length);
    }
  });

  it('makes a 正式 or 预备党员 a member of their branch without a grant, as both readers see it, and shows it in the role lists', async () => {
    const w = await makeBranchWorld();
    const group = await makeUnit({ kind: 'PARTY_GROUP', parentId: w.branch.id, name: '隐含测试党小组' });
    const full = await makePerson({ partyStatus: 'FULL', homeUnitId: group.id });
    const probationary = await makePerson({ partyStatus: 'PROBATIONARY', homeUnitId: w.branch.id });
    const applicant = await makePerson({ partyStatus: 'APPLICANT', homeUnitId: w.branch.id });
    for (const p of [full, probationary]) {
      const expected = await loadSessionUser(testDb(), p.id);
      expect(expected!.grants).toEqual([{ role: 'MEMBER', unitId: w.branch.id, implied: true }]);
      const unreadNotices = await unreadCount(testDb(), p);
      expect(await readWithSession({ cookie: {}, passport: { user: p.id } })).toEqual({ ...expected, unreadNotices });
    }
    expect((await loadSessionUser(testDb(), applicant.id))!.grants).toEqual([]);
    // a member with the grant already gets it once
    expect((await loadSessionUser(testDb(), w.member.id))!.grants.filter((g) => g.role === 'MEMBER')).toHaveLength(1);

    const me = (await (await loginAs(full.username)).get('/me')).text;
    expect(me).toContain(`党员 · ${w.branch.name}（由政治面貌“正式党员”自动获得）`);
    const admin = (await (await loginAs(w.admin.username)).get(`/admin/users/${probationary.id}`)).text;
    expect(admin).toContain(`党员 · ${w.branch.name}（由政治面貌“预备党员”自动获得）`);
    expect(admin).not.toContain('没有角色（按群众身份浏览）');
    expect((await (await loginAs(w.admin.username)).get(`/admin/users/${applicant.id}`)).text).toContain('没有角色（按群众身份浏览）');
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
