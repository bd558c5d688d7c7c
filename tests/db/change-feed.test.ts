import { afterEach, describe, expect, it } from 'vitest';
import { ChangeFeed } from '../../src/db/change-feed.js';
import { loginAs as login, postForm, sqlQueries } from '../helpers/app.js';
import { FRESH_COOKIE } from '../../src/web/middleware/fresh-reads.js';
import { touchReviewMarker } from '../../src/domain/review/marker.service.js';
import { testDb } from '../helpers/db.js';
import { elsewhere, feed, loginAs, settled, thirtySecondsLater, warm } from '../helpers/feed.js';
import { makeBranchWorld } from '../helpers/factories.js';

function expectSignedOut(res: { status: number; headers: Record<string, string> }) {
  expect(res.status).toBe(303);
  expect(res.headers.location).toContain('/login');
}

const extraFeeds: ChangeFeed[] = [];
afterEach(async () => {
  await Promise.all(extraFeeds.splice(0).map((f) => f.stop()));
});

describe('the change feed', () => {
  it('lets a signed-in page read again cost no SQL at all: session and reads come from memory', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.member.username);
    const again = await warm(agent, `/units/${w.branch.code}`);
    expect(again.status).toBe(200);
    expect(again.text).toContain(w.branch.name);
  });

  it('shows a change made by another process once its notification has arrived', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.member.username);
    const url = `/units/${w.branch.code}`;
    await warm(agent, url);
    await elsewhere('UPDATE "Unit" SET "name" = $1 WHERE "id" = $2', ['别处改名的支部', w.branch.id]);
    await feed().sync();
    const after = await agent.get(url);
    expect(after.text).toContain('别处改名的支部');
  });

  it('signs a person out here when another process ends their session', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.member.username);
    await warm(agent, '/');
    await elsewhere(`DELETE FROM "session" WHERE (sess -> 'passport' ->> 'user') = $1`, [String(w.member.id)]);
    await feed().sync();
    expectSignedOut(await agent.get('/'));
  });

  it('after a request that wrote, has the browser come back for thirty seconds to ask the database, on every process', async () => {
    const w = await makeBranchWorld();
    const agent = await login(w.member.username);
    await agent.get('/');
    await settled();
    await agent.get('/');
    const justAfter = await agent.get('/');
    expect(sqlQueries(justAfter)).toBeGreaterThan(0);
    expect(justAfter.text).toContain(w.member.displayName);
    await warm(thirtySecondsLater(agent), '/');

    const saved = await postForm(agent, '/me/password', { current: 'wrong', password: 'x', confirm: 'y' });
    const cookie = ([] as string[]).concat(saved.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${FRESH_COOKIE}=`));
    expect(cookie).toMatch(/Max-Age=30;.*HttpOnly/);
    const page = await agent.get('/');
    expect(sqlQueries(page)).toBeGreaterThan(0);
    await warm(thirtySecondsLater(agent), '/');
  });

  it('shows one’s own save on the page after it, without waiting for any notification', async () => {
    const w = await makeBranchWorld();
    const agent = await loginAs(w.infoOfficer.username);
    const url = `/units/${w.branch.code}/modules/overview`;
    await warm(agent, url);
    const saved = await postForm(
      agent,
      `${url}/edit`,
      { title: '本支部概况', body: '<p>刚刚保存的草稿内容</p>', intent: 'draft', baseNumber: '0' },
      `${url}/edit`,
    );
    expect(saved.status).toBe(303);
    const shown = await agent.get(saved.headers.location as string);
    expect(shown.text).toContain('刚刚保存的草稿内容');
  });

  it('ends a session at the very next request when this process ended it (as a deactivation or a password change does)', async () => {
    const w = await makeBranchWorld();
    const member = await loginAs(w.member.username);
    await warm(member, '/');
    await testDb().$executeRaw`DELETE FROM "session" WHERE (sess -> 'passport' ->> 'user') = ${String(w.member.id)}`;
    expectSignedOut(await member.get('/'));
  });

  it('is not trusted until it has heard its own notification, nor while a write of this process is unconfirmed', async () => {
    const f = new ChangeFeed(process.env.TEST_WORKER_DATABASE_URL!);
    extraFeeds.push(f);
    expect(f.fast()).toBe(false);
    f.start();
    for (let i = 0; i < 200 && !f.fast(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(f.fast()).toBe(true);
    expect(f.generation).toBe((await testDb().dataGeneration.findUniqueOrThrow({ where: { id: 1 } })).n);
    f.writeCompleted();
    expect(f.fast()).toBe(false);
    await f.sync();
    expect(f.fast()).toBe(true);

    // Real writes of this process, whichever way they are sent: the feed hears of them from the hooks at once.
    const w = await makeBranchWorld();
    await f.sync();
    await testDb().unit.update({ where: { id: w.branch.id }, data: { name: '写后一' } });
    expect(f.fast()).toBe(false);
    await f.sync();
    await testDb().$transaction(async (tx) => {
      await tx.unit.update({ where: { id: w.branch.id }, data: { name: '写后二' } });
      expect(f.fast()).toBe(true); // not committed yet: nothing anyone could read has changed
    });
    expect(f.fast()).toBe(false);
    await f.sync();
    await testDb().$executeRaw`DELETE FROM "session" WHERE sid = 'no-such-session'`;
    expect(f.fast()).toBe(false);
    await f.sync();
    await testDb().unit.findMany({ take: 1 });
    expect(f.fast()).toBe(true);

    // Bookkeeping outside the data generation (the morning review's marker): nothing the feed vouches for changed.
    await touchReviewMarker(testDb(), w.office.id);
    expect(f.fast()).toBe(true);
    expect(await testDb().reviewMarker.count({ where: { personId: w.office.id } })).toBe(1);
  });

  it('is never trusted when it cannot listen (no database, or a pooler that drops LISTEN)', async () => {
    const logged: string[] = [];
    const f = new ChangeFeed('postgresql://nobody:nothing@127.0.0.1:1/none', (m) => logged.push(m));
    extraFeeds.push(f);
    f.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(f.fast()).toBe(false);
    expect(logged.length).toBe(1);
  });
});
