import pg from 'pg';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { lastRequestStatements } from '../../src/db/query-counter.js';
import { anotherAppProcess, loginAs, postForm, testApp } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld } from '../helpers/factories.js';

/** A write by a connection of its own, as a script or another app process writes. */
async function elsewhere(sql: string, params: unknown[]): Promise<void> {
  const other = new pg.Client({ connectionString: process.env.TEST_WORKER_DATABASE_URL });
  await other.connect();
  try {
    await other.query(sql, params);
  } finally {
    await other.end();
  }
}

async function boardWithTarget() {
  const w = await makeBranchWorld();
  const target = await testDb().target.create({
    data: {
      unitId: w.branch.id,
      year: new Date().getUTCFullYear(),
      kind: 'MUST',
      title: '缓存目标',
      measure: '次数',
      uom: '次',
      direction: 'HIGHER',
      targetValue: 10,
      period: 'MONTHLY',
      ownerName: '书记',
    },
  });
  return { w, target, url: `/units/${w.branch.code}/board` };
}

describe('what pages keep for everyone', () => {
  it('is kept: a board read again by another person asks no board query', async () => {
    const { w, url } = await boardWithTarget();
    const [member, office] = [await loginAs(w.member.username), await loginAs(w.office.username)];
    await member.get(url);
    const res = await office.get(url);
    expect(res.text).toContain('缓存目标');
    expect(lastRequestStatements().join('\n')).not.toContain('"Measurement"');
  });

  it('shows a new figure at once, saved by the form, by another app process or straight into the database', async () => {
    const { w, target, url } = await boardWithTarget();
    const member = await loginAs(w.member.username);
    const memberThere = await loginAs(w.member.username, undefined, anotherAppProcess());
    expect((await member.get(url)).text).not.toContain('8765');
    expect((await memberThere.get(url)).text).not.toContain('8765');
    await testDb().measurement.create({ data: { targetId: target.id, period: 1, actual: 8765, note: '', reportedById: w.secretary.id } });
    expect((await member.get(url)).text).toContain('8765');
    expect((await memberThere.get(url)).text).toContain('8765');
    await elsewhere('UPDATE "Measurement" SET "actual" = 4321 WHERE "targetId" = $1', [target.id]);
    expect((await member.get(url)).text).toContain('4321');
    expect((await memberThere.get(url)).text).toContain('4321');
  });

  it('never shows one person’s page to another: each sees their own name and token around the same board', async () => {
    const { w, url } = await boardWithTarget();
    const member = await (await loginAs(w.member.username)).get(url);
    const office = await (await loginAs(w.office.username)).get(url);
    expect(member.text).toContain(w.member.displayName);
    expect(office.text).toContain(w.office.displayName);
    expect(office.text).not.toContain(w.member.displayName);
    const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(token(office.text)).not.toBe(token(member.text));
  });

  it('sends nothing to a session that logged out, even to a client that kept its cookie, on any app process', async () => {
    const { w, url } = await boardWithTarget();
    const member = await loginAs(w.member.username);
    const seen = await member.get(url);
    const cookie = String(seen.headers['set-cookie'] ?? '').split(';')[0] || (await sessionCookie(member));
    await postForm(member, '/logout', {});
    for (const app of [testApp(), anotherAppProcess()]) {
      const replayed = await request(app).get(url).set('Cookie', cookie);
      expect(replayed.status).toBe(303);
      expect(replayed.headers.location).toContain('/login');
    }
  });

  it('honours a revoked role at the next request, on every app process', async () => {
    const { w } = await boardWithTarget();
    const office = await loginAs(w.office.username);
    const officeThere = await loginAs(w.office.username, undefined, anotherAppProcess());
    expect((await office.get('/review')).status).toBe(200);
    expect((await officeThere.get('/review')).status).toBe(200);
    await elsewhere('DELETE FROM "RoleGrant" WHERE "personId" = $1', [w.office.id]);
    expect((await office.get('/review')).status).toBe(403);
    expect((await officeThere.get('/review')).status).toBe(403);
  });
});

/** The agent's session cookie, as a browser would send it. */
async function sessionCookie(agent: ReturnType<typeof request.agent>): Promise<string> {
  const jar = (agent as unknown as { jar: { getCookies(o: object): { name: string; value: string }[] } }).jar;
  const c = jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false }).find((x) => x.name === 'djportal.sid');
  return `${c!.name}=${c!.value}`;
}
