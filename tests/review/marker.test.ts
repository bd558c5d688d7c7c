import { describe, expect, it } from 'vitest';
import { countQueries } from '../../src/db/query-counter.js';
import { MARKER_PRECISION_MS, SITTING_MS, touchReviewMarker } from '../../src/domain/review/marker.service.js';
import { testDb } from '../helpers/db.js';
import { makePerson } from '../helpers/factories.js';

describe('"since you last looked"', () => {
  it('is a week back on the first look, then the start of the previous sitting', async () => {
    const p = await makePerson({ roles: [{ role: 'OFFICE' }] });
    const monday = new Date('2026-11-23T08:00:00Z');
    expect(await touchReviewMarker(testDb(), p.id, monday)).toEqual(new Date('2026-11-16T08:00:00Z'));
    const tuesday = new Date('2026-11-24T08:05:00Z');
    expect(await touchReviewMarker(testDb(), p.id, tuesday)).toEqual(monday);
  });

  it('does not move when the page is refreshed within the same sitting', async () => {
    const p = await makePerson({ roles: [{ role: 'OFFICE' }] });
    const monday = new Date('2026-11-23T08:00:00Z');
    const tuesday = new Date('2026-11-24T08:00:00Z');
    await touchReviewMarker(testDb(), p.id, monday);
    expect(await touchReviewMarker(testDb(), p.id, tuesday)).toEqual(monday);
    const refresh = new Date(tuesday.getTime() + SITTING_MS - 1000);
    expect(await touchReviewMarker(testDb(), p.id, refresh)).toEqual(monday);
    const afterLunch = new Date(refresh.getTime() + SITTING_MS + 1000);
    expect(await touchReviewMarker(testDb(), p.id, afterLunch)).toEqual(refresh);
  });

  it('is not written again for a look within a minute of the last one written (refreshing costs no write)', async () => {
    const p = await makePerson({ roles: [{ role: 'OFFICE' }] });
    const monday = new Date('2026-11-23T08:00:00Z');
    await touchReviewMarker(testDb(), p.id, monday);
    const refresh = new Date(monday.getTime() + MARKER_PRECISION_MS - 1000);
    const { result, statements } = await countQueries(() => touchReviewMarker(testDb(), p.id, refresh));
    expect(result).toEqual(new Date('2026-11-16T08:00:00Z'));
    expect(statements.filter((sql) => /^\s*UPDATE/i.test(sql))).toEqual([]);
    expect((await testDb().reviewMarker.findUniqueOrThrow({ where: { personId: p.id } })).lastSeenAt).toEqual(monday);
    const later = new Date(monday.getTime() + MARKER_PRECISION_MS + 1000);
    expect(await touchReviewMarker(testDb(), p.id, later)).toEqual(new Date('2026-11-16T08:01:00Z'));
    expect((await testDb().reviewMarker.findUniqueOrThrow({ where: { personId: p.id } })).lastSeenAt).toEqual(later);
  });

  it('is kept per person', async () => {
    const a = await makePerson({ roles: [{ role: 'OFFICE' }] });
    const b = await makePerson({ roles: [{ role: 'OFFICE' }] });
    await touchReviewMarker(testDb(), a.id, new Date('2026-11-20T08:00:00Z'));
    expect(await touchReviewMarker(testDb(), b.id, new Date('2026-11-24T08:00:00Z'))).toEqual(new Date('2026-11-17T08:00:00Z'));
  });

  it('is made once when the review is opened in several tabs at the same instant', async () => {
    // several people in a row, so that a race won by chance for one of them still shows for another
    for (let round = 0; round < 6; round++) {
      const p = await makePerson({ roles: [{ role: 'OFFICE' }] });
      const monday = new Date('2026-11-23T08:00:00Z');
      const since = await Promise.all(Array.from({ length: 5 }, () => touchReviewMarker(testDb(), p.id, monday)));
      expect(since).toEqual(since.map(() => new Date('2026-11-16T08:00:00Z')));
      expect(await testDb().reviewMarker.count({ where: { personId: p.id } })).toBe(1);
    }
  });
});
