import { describe, expect, it } from 'vitest';
import { loginAs, postConcurrently, postForm } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson, makeUnit } from '../helpers/factories.js';

// A unit's first records of a module published at the same instant all count in its one ModuleStatus row (what
// freshness and the review read). Several branches in a row, so a race won by chance in one still shows.
const ROUNDS = 6;

/** A branch whose 支部概况 page the secretary has published `versions` times, one version after the other. */
async function pagePublished(versions: number) {
  const w = await makeBranchWorld();
  const page = `/units/${w.branch.code}/modules/overview`;
  const sec = await loginAs(w.secretary.username);
  for (let n = 0; n < versions; n++)
    await postForm(sec, `${page}/edit`, { title: '支部概况', body: `<p>第${n + 1}版。</p>`, baseNumber: n, intent: 'publish' });
  const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'PAGE' } });
  return { w, page, item };
}

describe('records published at the same instant', () => {
  it('never answer 500, and the module’s status counts every one of them', async () => {
    const committee = await makeUnit({ kind: 'COMMITTEE' });
    const today = new Date().toISOString().slice(0, 10);
    for (let round = 0; round < ROUNDS; round++) {
      const branch = await makeUnit({ parentId: committee.id });
      const secretary = await makePerson({ roles: [{ role: 'SECRETARY', unitId: branch.id }], homeUnitId: branch.id });
      const agent = await loginAs(secretary.username);
      const headlines = [1, 2, 3, 4, 5].map((i) => `支部动态第${i}条`);
      const answers = await postConcurrently(
        agent,
        `/units/${branch.code}/modules/news/records`,
        headlines.map((headline) => ({
          baseNumber: '0',
          intent: 'publish',
          'fields[date]': today,
          'fields[headline]': headline,
          'fields[body]': '全体党员参加。',
        })),
      );
      expect(
        answers.map((r) => r.status),
        `round ${round}`,
      ).toEqual(headlines.map(() => 303));
      const status = await testDb().moduleStatus.findMany({ where: { unitId: branch.id } });
      expect(status).toHaveLength(1);
      expect(status[0]).toMatchObject({ publishedItems: 5, lastPublishedById: secretary.id });
      expect(await testDb().auditLog.count({ where: { action: 'content.published', unitId: branch.id } })).toBe(5);
    }
  });
});

const COPIES = 4;
const STALE_REVIEW = '没有待审核的版本';

/** A branch whose overview page has `published` published revisions and then one submitted by the info officer. */
async function pageWaitingForReview(published: number) {
  const w = await makeBranchWorld();
  const page = `/units/${w.branch.code}/modules/overview`;
  const sec = await loginAs(w.secretary.username);
  for (let n = 0; n < published; n++) {
    expect(
      (await postForm(sec, `${page}/edit`, { title: '支部概况', body: `<p>第${n + 1}版。</p>`, baseNumber: n, intent: 'publish' })).status,
    ).toBe(303);
  }
  const info = await loginAs(w.infoOfficer.username);
  expect(
    (await postForm(info, `${page}/edit`, { title: '支部概况', body: '<p>待审核的一版。</p>', baseNumber: published, intent: 'submit' }))
      .status,
  ).toBe(303);
  const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'PAGE' } });
  return { w, page, sec, item, items: `${page}/items/${item.id}` };
}

async function auditCount(itemId: number, action: string) {
  return testDb().auditLog.count({ where: { entityType: 'ContentItem', entityId: String(itemId), action } });
}

describe('review steps taken twice at the same instant', () => {
  it('publish a submitted page once when the secretary clicks 审核通过并发布 again', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { w, page, sec, item, items } = await pageWaitingForReview(0);
      const answers = await postConcurrently(
        sec,
        `${items}/publish`,
        Array.from({ length: COPIES }, () => ({})),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303));
      const revs = await testDb().revision.findMany({ where: { itemId: item.id }, select: { status: true } });
      expect(revs.map((r) => r.status)).toEqual(['PUBLISHED']);
      expect(await testDb().moduleStatus.findFirstOrThrow({ where: { unitId: w.branch.id, moduleId: item.moduleId } })).toMatchObject({
        publishedItems: 1,
      });
      expect(await auditCount(item.id, 'content.approved'), `round ${round}`).toBe(1);
      // a click that comes too late is told, as ever, that nothing waits for review
      expect((await postForm(sec, `${items}/publish`, {})).status).toBe(303);
      expect((await sec.get(page)).text).toContain(STALE_REVIEW);
      expect(await auditCount(item.id, 'content.approved')).toBe(1);
    }
  });

  it('leave one consistent outcome when the secretary publishes while another sends back', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { w, sec, item, items } = await pageWaitingForReview(1);
      const other = await loginAs(w.secretary.username);
      const [published, sentBack] = await Promise.all([
        postForm(sec, `${items}/publish`, {}),
        postForm(other, `${items}/send-back`, { reason: '请补充分工' }),
      ]);
      expect([published.status, sentBack.status]).toEqual([303, 303]);
      const fresh = await testDb().contentItem.findUniqueOrThrow({ where: { id: item.id } });
      const revs = await testDb().revision.findMany({
        where: { itemId: item.id },
        orderBy: { number: 'asc' },
        select: { id: true, status: true },
      });
      const approved = await auditCount(item.id, 'content.approved');
      const back = await auditCount(item.id, 'content.sent_back');
      expect(approved + back, `round ${round}`).toBe(1);
      if (approved) {
        expect(revs.map((r) => r.status)).toEqual(['SUPERSEDED', 'PUBLISHED']);
        expect(fresh.publishedRevisionId).toBe(revs[1].id);
      } else {
        expect(revs.map((r) => r.status)).toEqual(['PUBLISHED', 'REJECTED']);
        expect(fresh.publishedRevisionId).toBe(revs[0].id);
      }
    }
  });

  it('send a submitted revision back once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { item, sec, items } = await pageWaitingForReview(0);
      const answers = await postConcurrently(
        sec,
        `${items}/send-back`,
        ['请补充分工', '请补充照片', '请核对人数', '请修改标题'].map((reason) => ({ reason })),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303));
      expect(await auditCount(item.id, 'content.sent_back'), `round ${round}`).toBe(1);
      const audit = await testDb().auditLog.findFirstOrThrow({
        where: { entityType: 'ContentItem', entityId: String(item.id), action: 'content.sent_back' },
      });
      const rev = await testDb().revision.findFirstOrThrow({ where: { itemId: item.id } });
      expect(rev.status).toBe('REJECTED');
      expect(audit.summary).toContain(rev.reviewNote);
    }
  });

  it('submit a draft for review once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const w = await makeBranchWorld();
      const page = `/units/${w.branch.code}/modules/overview`;
      const info = await loginAs(w.infoOfficer.username);
      expect(
        (await postForm(info, `${page}/edit`, { title: '支部概况', body: '<p>草稿。</p>', baseNumber: 0, intent: 'draft' })).status,
      ).toBe(303);
      const item = await testDb().contentItem.findFirstOrThrow({ where: { unitId: w.branch.id, kind: 'PAGE' } });
      const answers = await postConcurrently(
        info,
        `${page}/items/${item.id}/submit`,
        Array.from({ length: COPIES }, () => ({})),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303));
      expect(await auditCount(item.id, 'content.submitted'), `round ${round}`).toBe(1);
    }
  });

  it('take down only the published revision the office saw, once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { w, page, item } = await pagePublished(3);
      const office = await loginAs(w.office.username);
      // the office's form names the version it shows
      const form = await office.get(page);
      const number = /name="number" value="(\d+)"/.exec(form.text)?.[1];
      expect(number).toBe('3');
      const answers = await postConcurrently(
        office,
        `${page}/items/${item.id}/take-down`,
        Array.from({ length: COPIES }, () => ({ reason: '涉及个人隐私', number })),
      );
      expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303));
      const revs = await testDb().revision.findMany({
        where: { itemId: item.id },
        orderBy: { number: 'asc' },
        select: { id: true, status: true },
      });
      expect(
        revs.map((r) => r.status),
        `round ${round}`,
      ).toEqual(['SUPERSEDED', 'PUBLISHED', 'TAKEN_DOWN']);
      expect((await testDb().contentItem.findUniqueOrThrow({ where: { id: item.id } })).publishedRevisionId).toBe(revs[1].id);
      expect(await auditCount(item.id, 'content.taken_down')).toBe(1);
      expect(await testDb().moduleStatus.findFirstOrThrow({ where: { unitId: w.branch.id, moduleId: item.moduleId } })).toMatchObject({
        publishedItems: 1,
      });
    }
  });

  it('tells the office when the version it meant to take down is no longer the published one', async () => {
    const { page, item, w } = await pagePublished(2);
    const office = await loginAs(w.office.username);
    expect((await postForm(office, `${page}/items/${item.id}/take-down`, { reason: '涉及个人隐私', number: '1' })).status).toBe(303);
    expect((await office.get(page)).text).toContain('第 1 版已不是发布中的版本');
    expect(await auditCount(item.id, 'content.taken_down')).toBe(0);
  });
});

describe('a module page saved for the first time from two places at once', () => {
  it('gets one page: the later save is shown the edit-conflict message, never a 500', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const w = await makeBranchWorld();
      const page = `/units/${w.branch.code}/modules/overview`;
      const sec = await loginAs(w.secretary.username);
      const answers = await postConcurrently(
        sec,
        `${page}/edit`,
        Array.from({ length: COPIES }, (_, i) => ({
          title: '支部概况',
          body: `<p>第${i + 1}稿。</p>`,
          baseNumber: '0',
          intent: 'publish',
        })),
      );
      expect(answers.map((r) => r.status).sort(), `round ${round}`).toEqual([303, ...Array.from({ length: COPIES - 1 }, () => 409)]);
      for (const refused of answers.filter((r) => r.status === 409)) expect(refused.text).toContain('在您编辑期间，已有他人保存了新的版本');
      const items = await testDb().contentItem.findMany({ where: { unitId: w.branch.id, kind: 'PAGE' } });
      expect(items).toHaveLength(1);
      expect(items[0].headNumber).toBe(1);
      expect(await testDb().moduleStatus.findFirstOrThrow({ where: { unitId: w.branch.id, moduleId: items[0].moduleId } })).toMatchObject({
        publishedItems: 1,
      });
      expect(await auditCount(items[0].id, 'content.published')).toBe(1);
    }
  });
});
