import type { AttendanceLine, Mark } from '../domain/orglife/attendance.js';

/** The fields of the demo's organisational-life records, with attendance drawn from the roster (seed/orglife.ts). */
export type Person = { id: number; partyStatus: string; homeUnitId: number | null };

const PLACES = ['党员活动室', '车间学习室', '综合楼三楼会议室'];

/** Everyone present but a few, absent for a reason drawn from their id (the same each run); `noQuorum` keeps most full members away. */
function mark(roster: Person[], seed: number, noQuorum = false): AttendanceLine[] {
  let full = 0;
  return roster.map((p) => {
    const r = (p.id + seed) % 11;
    const away = noQuorum && p.partyStatus === 'FULL' && full++ >= 4;
    const s: Mark = away ? '因公' : r === 0 ? '请假' : r === 5 ? '因公' : 'present';
    return { id: p.id, s };
  });
}

export function meeting(
  type: string,
  roster: Person[],
  seed: number,
  topic: string,
  vote: { voting: boolean; noQuorum: boolean } = { voting: false, noQuorum: false },
) {
  const lines = mark(roster, seed, vote.noQuorum);
  const present = lines.filter((l) => l.s === 'present').length;
  const counts = ['请假', '因公', '其他'].map((r) => [r, lines.filter((l) => l.s === r).length] as const).filter(([, n]) => n);
  const fields: Record<string, unknown> = {
    meetingType: type,
    time: '14:30',
    place: PLACES[seed % PLACES.length],
    host: '支部书记',
    recorder: '组织委员',
    due: lines.length,
    present,
    absent: counts.map(([r, n]) => `${r} ${n} 人`).join('、'),
    topics: topic,
    content: `会议围绕“${topic}”进行了学习和讨论，与会党员结合岗位实际发言，明确了下一步措施和责任人。`,
    attendance: lines,
  };
  if (vote.voting) {
    const voters = roster.filter((p) => p.partyStatus === 'FULL');
    const there = voters.filter((p) => lines.some((l) => l.id === p.id && l.s === 'present')).length;
    Object.assign(fields, { voting: true, quorum: { voters: voters.length, present: there, met: there * 2 > voters.length } });
  }
  return fields;
}

export function themeDay(roster: Person[], seed: number, theme: string) {
  const lines = mark(roster, seed + 3);
  return {
    theme,
    place: PLACES[seed % PLACES.length],
    participants: lines.filter((l) => l.s === 'present').length,
    content: `支部组织党员开展“${theme}”主题党日活动，党员结合岗位交流体会。`,
    attendance: lines,
  };
}

export function orgLife(kind: string, roster: Person[], seed: number) {
  const lines = mark(roster, seed + 7);
  return {
    kind,
    theme: '对照党章党规找差距',
    participants: lines.filter((l) => l.s === 'present').length,
    criticism: '党员之间开展了坦诚的批评与自我批评。',
    result: '针对查摆问题制定整改措施，明确责任人和完成时限。',
    attendance: lines,
  };
}
