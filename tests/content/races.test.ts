import { describe, expect, it } from 'vitest';
import { loginAs, postConcurrently } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { makePerson, makeUnit } from '../helpers/factories.js';

// A unit's first records of a module published at the same instant all count in its one ModuleStatus row (what
// freshness and the review read). Several branches in a row, so a race won by chance in one still shows.
const ROUNDS = 6;

describe('records published at the same instant', () => {
  it('never answer 500, and the module’s status counts every one of them', async () => {
    const committee = await makeUnit({ kind: 'COMMITTEE' });
    const today = new Date().toISOString().slice(0, 10);
    for (let round = 0; round < ROUNDS; round++) {
      const branch = await makeUnit({ parentId: committee.id });
      const secretary = await makePerson({ roles: [{ role: 'SECRETARY', unitId: branch.id }], homeUnitId: branch.id });
      const agent = await loginAs(secretary.username);
      const headlines = [1, 2, 3, 4, 5].map((i) => `支部动态第${i}条`);
      const answers = await postConcurrently(agent, `/units/${branch.code}/modules/news/records`, headlines.map((headline) => ({
        baseNumber: '0', intent: 'publish', 'fields[date]': today, 'fields[headline]': headline, 'fields[body]': '全体党员参加。',
      })));
      expect(answers.map((r) => r.status), `round ${round}`).toEqual(headlines.map(() => 303));
      const status = await testDb().moduleStatus.findMany({ where: { unitId: branch.id } });
      expect(status).toHaveLength(1);
      expect(status[0]).toMatchObject({ publishedItems: 5, lastPublishedById: secretary.id });
      expect(await testDb().auditLog.count({ where: { action: 'content.published', unitId: branch.id } })).toBe(5);
    }
  });
});
