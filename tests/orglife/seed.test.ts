import { describe, expect, it } from 'vitest';
import { loadBoard } from '../../src/domain/boards/board.queries.js';
import { unitOrgLife } from '../../src/domain/orglife/orglife.service.js';
import { seededDemoDatabase } from '../helpers/demo-db.js';

const demo = seededDemoDatabase('seedorglife');

/** The last quarter that is over, as the org-life page names it. */
function lastQuarter(now: Date) {
  const q = Math.floor(now.getUTCMonth() / 3);
  return q === 0
    ? { year: now.getUTCFullYear() - 1, key: `${now.getUTCFullYear() - 1}-Q4` }
    : { year: now.getUTCFullYear(), key: `${now.getUTCFullYear()}-Q${q}` };
}

describe('the demo organisational life', () => {
  it('holds a year of meetings with attendance, a missed 党课 in b05 and a vote without a quorum in b03', async () => {
    const db = demo().prisma;
    const now = new Date();
    const unit = (code: string) => db.unit.findUniqueOrThrow({ where: { code } });
    const [b01, b03, b05] = await Promise.all([unit('b01'), unit('b03'), unit('b05')]);
    const q = lastQuarter(now);
    const lecture = async (id: number) =>
      (await unitOrgLife(db, id, q.year, now))!.obligations.find((o) => o.kind.key === 'lecture')!.periods.find((p) => p.key === q.key)!
        .status;
    expect(await lecture(b01.id)).toBe('done');
    expect(await lecture(b05.id)).toBe('overdue');

    const b01life = (await unitOrgLife(db, b01.id, q.year, now))!;
    expect(b01life.obligations.filter((o) => o.kind.key === 'group_meeting').length).toBeGreaterThan(1);

    const votes = await db.revision.findMany({
      where: { status: 'PUBLISHED', item: { unitId: b03.id }, fields: { path: ['meetingType'], equals: '支部党员大会' } },
      orderBy: { eventDate: 'desc' },
      select: { fields: true },
    });
    const quorum = (votes[0].fields as { quorum: { met: boolean; voters: number; present: number } }).quorum;
    expect(quorum.met).toBe(false);
    expect(quorum.present * 2).toBeLessThanOrEqual(quorum.voters);

    const withAttendance = await db.revision.count({
      where: { status: 'PUBLISHED', item: { unitId: b01.id }, fields: { path: ['attendance'], not: 'null' } },
    });
    expect(withAttendance).toBeGreaterThan(30);

    // the branches' 三会一课 target is fed by these records, not typed
    const board = await loadBoard(db, { id: b05.id, kind: 'BRANCH' }, now.getUTCFullYear(), now);
    const fed = board.rows.find((r) => r.title === '“三会一课”按期召开率')!;
    expect(fed.fedFrom).toBe('组织生活按期完成率');
    expect(fed.cells.some((c) => c.auto)).toBe(true);
  });
});
