import type { Db } from '../../db/client.js';
import type { PartyStatus } from '../../generated/prisma/enums.js';
import { inUnitWhere } from '../roster/roster.service.js';

/** The record types that carry attendance by person instead of typed counts. */
export const ATTENDANCE_TYPES = ['meeting', 'theme_day', 'org_life'] as const;
export const ABSENCE_REASONS = ['请假', '因公', '其他'] as const;
export type Mark = 'present' | (typeof ABSENCE_REASONS)[number];

/** One line of a record's attendance, as stored in its revision's fields (`fields.attendance`). */
export interface AttendanceLine {
  id: number;
  s: Mark;
}

export interface RosterPerson {
  id: number;
  displayName: string;
  partyStatus: PartyStatus;
  homeUnitId: number | null;
}

export const hasAttendance = (typeKey: string) => (ATTENDANCE_TYPES as readonly string[]).includes(typeKey);

/** The party members (full and probationary) of a branch and its groups, who may be due at its meetings. One query. */
export function attendanceRoster(db: Db, unitId: number): Promise<RosterPerson[]> {
  return db.person.findMany({
    where: { active: true, partyStatus: { in: ['FULL', 'PROBATIONARY'] }, homeUnit: inUnitWhere(unitId) },
    select: { id: true, displayName: true, partyStatus: true, homeUnitId: true },
    orderBy: [{ homeUnitId: 'asc' }, { id: 'asc' }],
  });
}

export interface AttendanceResult {
  lines: AttendanceLine[];
  due: number;
  present: number;
  /** "请假 1 人、因公 1 人": what the public record says of the absent, without names. */
  absentSummary: string;
  quorum?: { voters: number; present: number; met: boolean };
}

type Raw = { present?: unknown; absent?: unknown; voting?: unknown };

const ids = (v: unknown): number[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).map((x) => Number(x));

/**
 * Reads the attendance part of a record form against the roster: everyone due (the unit's members, or the group's for a
 * 党小组会) is marked present or absent with a reason, nobody twice, nobody from outside. Returns the lines and counts,
 * or a message for the form. A vote needs more than half of the full members present (预备党员 do not vote).
 */
export function readAttendance(
  raw: Raw | undefined,
  roster: RosterPerson[],
  scope: { groupId?: number; voting: boolean },
): { ok: true; result: AttendanceResult } | { ok: false; message: string } {
  const present = ids(raw?.present);
  const absentMap = raw?.absent && typeof raw.absent === 'object' ? (raw.absent as Record<string, unknown>) : {};
  // Keys are "p<id>": a bare number would make the body parser read the object as an array.
  const absent = Object.entries(absentMap)
    .filter(([, v]) => typeof v === 'string' && v !== '')
    .map(([k, v]) => [k.replace(/^p/, ''), v] as const);
  const byId = new Map(roster.map((p) => [p.id, p]));
  const due = roster.filter((p) => scope.groupId === undefined || p.homeUnitId === scope.groupId);
  const dueIds = new Set(due.map((p) => p.id));
  const marked = [...present, ...absent.map(([k]) => Number(k))];
  if (marked.some((id) => !Number.isInteger(id) || !byId.has(id))) return { ok: false, message: '出勤名单中有不属于本单位的人员' };
  const outside = marked.filter((id) => !dueIds.has(id));
  if (outside.length) return { ok: false, message: `${names(outside, byId)}不属于本党小组，不能列入出勤名单` };
  if (absent.some(([, v]) => !(ABSENCE_REASONS as readonly string[]).includes(String(v))))
    return { ok: false, message: '请选择缺席原因：请假、因公或其他' };
  const both = absent.map(([k]) => Number(k)).filter((id) => present.includes(id));
  if (both.length) return { ok: false, message: `${names(both, byId)}不能既出席又缺席` };
  const unmarked = due.filter((p) => !marked.includes(p.id)).map((p) => p.id);
  if (unmarked.length) return { ok: false, message: `请标明${names(unmarked, byId)}出席或缺席` };
  const lines: AttendanceLine[] = [
    ...due.filter((p) => present.includes(p.id)).map((p) => ({ id: p.id, s: 'present' as const })),
    ...absent.map(([k, v]) => ({ id: Number(k), s: v as Mark })),
  ];
  const counts = ABSENCE_REASONS.map((r) => [r, lines.filter((l) => l.s === r).length] as const).filter(([, n]) => n);
  const result: AttendanceResult = {
    lines,
    due: due.length,
    present: new Set(present).size,
    absentSummary: counts.map(([r, n]) => `${r} ${n} 人`).join('、'),
  };
  if (scope.voting) {
    const voters = due.filter((p) => p.partyStatus === 'FULL');
    const there = voters.filter((p) => present.includes(p.id)).length;
    result.quorum = { voters: voters.length, present: there, met: there * 2 > voters.length };
  }
  return { ok: true, result };
}

function names(list: number[], byId: Map<number, RosterPerson>): string {
  return [...new Set(list)].map((id) => byId.get(id)?.displayName ?? `#${id}`).join('、');
}
