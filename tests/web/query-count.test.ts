import { describe, expect, it } from 'vitest';
import { loginAs, coldGet, sqlQueries } from '../helpers/app.js';
import { makePerson, makeUnit } from '../helpers/factories.js';

describe('pages make a fixed number of SQL queries', () => {
  it('the unit directory costs the same with 3 or 30 more units and people', async () => {
    const viewer = await makePerson();
    const agent = await loginAs(viewer.username);
    const grow = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const u = await makeUnit();
        await makePerson({ roles: [{ role: 'SECRETARY', unitId: u.id }], homeUnitId: u.id });
      }
    };
    await grow(3);
    const small = sqlQueries(await coldGet(agent, '/units'));
    await grow(30);
    const large = sqlQueries(await coldGet(agent, '/units'));
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });

  it('a unit header costs the same with 2 or 20 party groups', async () => {
    const viewer = await makePerson();
    const agent = await loginAs(viewer.username);
    const branch = await makeUnit();
    for (let i = 0; i < 2; i++) await makeUnit({ kind: 'PARTY_GROUP', parentId: branch.id });
    const small = sqlQueries(await coldGet(agent, `/units/${branch.code}`));
    for (let i = 0; i < 18; i++) await makeUnit({ kind: 'PARTY_GROUP', parentId: branch.id });
    const large = sqlQueries(await coldGet(agent, `/units/${branch.code}`));
    expect(large).toBe(small);
  });
});
