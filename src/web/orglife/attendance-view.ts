import type { Db } from '../../db/client.js';
import { can, type SessionUser } from '../../domain/authz/can.js';
import type { AttendanceLine } from '../../domain/orglife/attendance.js';
import type { UnitRow } from '../../domain/units/units.service.js';

type Fields = { attendance?: AttendanceLine[]; voting?: boolean; quorum?: { voters: number; present: number; met: boolean } } | null;

/**
 * What a reader sees of a published record's attendance: the unit's officers and the office every line, a member the
 * line about them, anyone else nothing; the quorum of a vote (counts only) is public. One query for the names.
 */
export async function attendanceView(db: Db, user: SessionUser, unit: UnitRow, raw: unknown) {
  const fields = (raw ?? null) as Fields;
  const all = Array.isArray(fields?.attendance) ? fields.attendance : [];
  const lines = can(user, 'attendance.view', unit) ? all : all.filter((l) => l.id === user.id);
  const people = lines.length
    ? await db.person.findMany({ where: { id: { in: lines.map((l) => l.id) } }, select: { id: true, displayName: true } })
    : [];
  const name = new Map(people.map((p) => [p.id, p.displayName]));
  return {
    full: lines === all,
    lines: lines.map((l) => ({ name: name.get(l.id) ?? '', mark: l.s === 'present' ? '出席' : `缺席（${l.s}）` })),
    quorum: fields?.voting ? (fields.quorum ?? null) : null,
    recorded: all.length > 0,
  };
}
