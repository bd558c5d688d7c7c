import type { Db } from '../../db/client.js';
import { localToday } from '../../lib/dates.js';
import { ABSENCE_REASONS, attendanceRoster, hasAttendance, readAttendance, type AttendanceLine } from '../../domain/orglife/attendance.js';

type Body = {
  fields?: Record<string, unknown>;
  attendance?: { present?: unknown; absent?: unknown; voting?: unknown; quorumAck?: unknown };
};

const groupsOf = (db: Db, unitId: number) =>
  db.unit.findMany({
    where: { parentId: unitId, kind: 'PARTY_GROUP' },
    select: { id: true, name: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
  });

const isOn = (v: unknown) => v === 'on' || v === 'true' || v === true;

/**
 * What a record form of organisational life shows beyond its fields: the unit's party groups and its roster to mark
 * attendance on, with the marks of the values being edited (the form as sent, or the stored record).
 */
export async function attendanceLocals(db: Db, unitId: number, typeKey: string, values: Body) {
  if (!hasAttendance(typeKey)) return {};
  const [roster, groups] = await Promise.all([attendanceRoster(db, unitId), groupsOf(db, unitId)]);
  const marks = new Map<number, string>();
  const stored = values.fields?.attendance as AttendanceLine[] | undefined;
  if (values.attendance) {
    const present = values.attendance.present;
    for (const id of Array.isArray(present) ? present : present ? [present] : []) marks.set(Number(id), 'present');
    const absent = (values.attendance.absent ?? {}) as Record<string, string>;
    for (const [k, r] of Object.entries(absent)) if (r && !marks.has(Number(k.slice(1)))) marks.set(Number(k.slice(1)), r);
  } else if (Array.isArray(stored)) for (const l of stored) marks.set(l.id, l.s);
  const voting = values.attendance ? isOn(values.attendance.voting) : values.fields?.voting === true;
  return { attendance: { roster, groups, marks, voting, reasons: ABSENCE_REASONS } };
}

/**
 * The rules of a record of organisational life that need the unit: no date in the future, a 党小组会 names one of the
 * unit's groups, and attendance marked by person gives the counts (应到, 实到) and, for a vote, the quorum.
 * Returns fields to put in before validation (`counts`), fields to add after (`extra`), and messages.
 */
export async function prepareAttendance(db: Db, unitId: number, typeKey: string, body: Body) {
  const errors: Record<string, string> = {};
  const fields = body.fields ?? {};
  const date = typeof fields.date === 'string' ? fields.date.trim() : '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(date) && date > localToday()) errors.date = '日期不能晚于今天';
  const raw = body.attendance;
  const groups = await groupsOf(db, unitId);
  const isGroupMeeting = typeKey === 'meeting' && fields.meetingType === '党小组会';
  const groupId = Number(fields.groupId) || undefined;
  if (isGroupMeeting && groups.length && !groups.some((g) => g.id === groupId)) errors.groupId = '请选择本支部的党小组';
  const marked = raw && (raw.present !== undefined || Object.values((raw.absent ?? {}) as object).some((v) => v));
  if (!marked || errors.groupId) return { errors, counts: {}, extra: isGroupMeeting && groupId ? { groupId } : {} };
  const voting = typeKey === 'meeting' && fields.meetingType === '支部党员大会' && isOn(raw.voting);
  const read = readAttendance(raw, await attendanceRoster(db, unitId), { groupId: isGroupMeeting ? groupId : undefined, voting });
  if (!read.ok) return { errors: { ...errors, attendance: read.message }, counts: {}, extra: {} };
  const r = read.result;
  if (r.quorum && !r.quorum.met && !isOn(raw.quorumAck))
    errors.attendance = `到会有表决权的正式党员 ${r.quorum.present} 人，未超过 ${r.quorum.voters} 人的半数，表决无效。如仍需保存会议记录，请勾选“确认保存（表决无效）”。`;
  const counts =
    typeKey === 'meeting'
      ? { due: String(r.due), present: String(r.present), absent: r.absentSummary }
      : { participants: String(r.present) };
  const extra = { attendance: r.lines, ...(isGroupMeeting ? { groupId } : {}), ...(voting ? { voting: true, quorum: r.quorum } : {}) };
  return { errors, counts, extra };
}
