import type { ObligationFrequency } from '../../generated/prisma/enums.js';
import { OBLIGATION_KINDS, type ObligationKind } from './kinds.js';
import type { OrgLifeData, OrgRecordRow } from './orglife.queries.js';
import { periodsOf, type Period } from './periods.js';

export type PeriodStatus = 'done' | 'due' | 'overdue' | 'excused' | 'upcoming';

export const STATUS_LABELS: Record<PeriodStatus, string> = {
  done: '已完成',
  due: '本期应开',
  overdue: '逾期未开',
  excused: '已说明',
  upcoming: '未到期',
};

export interface PeriodCell {
  key: string;
  label: string;
  status: PeriodStatus;
  records: { id: number; title: string; date: Date; href: string }[];
  reason?: string;
}

export interface ObligationRow {
  kind: ObligationKind;
  frequency: ObligationFrequency;
  group?: { id: number; name: string };
  periods: PeriodCell[];
  done: number;
  /** Periods that were owed: done or overdue (excused and not yet ended ones are not counted). */
  owed: number;
  /** done / owed, null while nothing was owed. */
  rate: number | null;
}

export interface UnitOrgLife {
  unitId: number;
  code: string;
  name: string;
  obligations: ObligationRow[];
  done: number;
  owed: number;
  overdue: number;
  rate: number | null;
}

const ratio = (done: number, owed: number) => (owed ? done / owed : null);

/** Judges every obligation of every branch in `data` for `year`, as of day `today` (UTC midnight). Pure. */
export function judgeOrgLife(data: OrgLifeData, year: number, today: Date): UnitOrgLife[] {
  const settingOf = new Map(data.settings.map((s) => [`${s.unitId}:${s.kind}`, s]));
  const excuseOf = new Map(data.excuses.map((e) => [`${e.unitId}:${e.kind}:${e.groupId}:${e.period}`, e.reason]));
  const recordsOf = new Map<number, OrgRecordRow[]>();
  for (const r of data.records) recordsOf.set(r.unitId, [...(recordsOf.get(r.unitId) ?? []), r]);
  return data.units.map((u) => {
    const mine = recordsOf.get(u.id) ?? [];
    const obligations: ObligationRow[] = [];
    for (const kind of OBLIGATION_KINDS) {
      const s = settingOf.get(`${u.id}:${kind.key}`);
      if (s && !s.active) continue;
      const frequency = s?.frequency ?? kind.frequency;
      const slots = kind.perGroup ? u.groups.map((g) => ({ group: g, groupId: g.id })) : [{ group: undefined, groupId: 0 }];
      for (const slot of slots) {
        const matching = mine.filter((r) => meets(r, kind) && (!kind.perGroup || Number(r.groupId) === slot.groupId));
        const periods = periodsOf(year, frequency).map((p): PeriodCell => {
          const records = matching
            .filter((r) => inPeriod(r, p, year))
            .map((r) => ({ id: r.id, title: r.title, date: r.eventDate, href: hrefOf(r, u.code) }));
          const reason = excuseOf.get(`${u.id}:${kind.key}:${slot.groupId}:${p.key}`);
          const status: PeriodStatus = records.length
            ? 'done'
            : reason !== undefined
              ? 'excused'
              : p.end <= today
                ? 'overdue'
                : p.start <= today
                  ? 'due'
                  : 'upcoming';
          return { key: p.key, label: p.label, status, records, ...(status === 'excused' ? { reason } : {}) };
        });
        const done = periods.filter((c) => c.status === 'done').length;
        const owed = done + periods.filter((c) => c.status === 'overdue').length;
        obligations.push({ kind, frequency, group: slot.group, periods, done, owed, rate: ratio(done, owed) });
      }
    }
    const done = obligations.reduce((n, o) => n + o.done, 0);
    const owed = obligations.reduce((n, o) => n + o.owed, 0);
    return { unitId: u.id, code: u.code, name: u.name, obligations, done, owed, overdue: owed - done, rate: ratio(done, owed) };
  });
}

/** A round for the year that closes after it (a 2025 round held in January 2026) still counts in the year. */
function inPeriod(r: OrgRecordRow, p: Period, year: number): boolean {
  const end = Date.UTC(year + 1, 0, 1) - 1;
  const t = r.appraisalYear === null ? r.eventDate.getTime() : Math.min(Math.max(r.eventDate.getTime(), Date.UTC(year, 0, 1)), end);
  return t >= p.start.getTime() && t < p.end.getTime();
}

const hrefOf = (r: OrgRecordRow, code: string) =>
  r.appraisalYear === null ? `/units/${code}/modules/${r.moduleKey}/records/${r.id}` : `/units/${code}/appraisals/${r.appraisalYear}`;

function meets(r: OrgRecordRow, kind: ObligationKind): boolean {
  if (r.recordType !== kind.recordType) return false;
  if (!kind.match) return true;
  const v = kind.match.field === 'meetingType' ? r.meetingType : r.kind;
  return v === kind.match.value;
}
