import { describe, expect, it } from 'vitest';
import { createScheme } from '../../src/domain/assessment/scheme.service.js';
import { ValidationError } from '../../src/domain/errors.js';
import { testDb } from '../helpers/db.js';
import { makePerson } from '../helpers/factories.js';

describe('a year’s scheme created several times at the same instant (a double click)', () => {
  it('is created once; the other saves are told it already exists', async () => {
    const office = await makePerson({ roles: [{ role: 'OFFICE' }] });
    // years nobody else in this database uses, several in a row so that a race won by chance in one still shows
    const first = 5000 + Math.floor(Math.random() * 4000);
    for (let year = first; year < first + 6; year++) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, () => createScheme(testDb(), { year, actorId: office.id, copyPrevious: false })),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes.filter((x) => x.status === 'rejected')) {
        expect(o.reason).toBeInstanceOf(ValidationError);
        expect((o.reason as ValidationError).fieldErrors._form).toBe(`${year} 年的考核方案已经存在`);
      }
      const scheme = await testDb().assessmentScheme.findUniqueOrThrow({ where: { year } });
      expect(await testDb().auditLog.count({ where: { action: 'assessment.scheme_created', entityId: String(scheme.id) } })).toBe(1);
    }
  });
});
