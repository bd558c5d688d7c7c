import type { Db } from '../../db/client.js';
import type { PartyStatus } from '../../generated/prisma/enums.js';
import { PARTY_STATUS_LABELS } from '../../lib/format.js';
import {
  COMPANY_ROLES,
  formatRoles,
  KEPT_ROLES,
  SHEET_PERSON,
  SHEETS,
  type ParsedWorkbook,
  type PersonRow,
  type RowError,
} from './import.columns.js';
import { diff, planUnits, resolveUnit, type FinalUnit, type PlanRow } from './import.units-plan.js';

type Reader = Pick<Db, 'unit' | 'person'>;

/** A person as the file wants them: home unit by code, grants as `ROLE@code` (`ROLE@` company-wide). */
export interface PersonTarget {
  username: string;
  displayName: string;
  homeCode: string | null;
  partyStatus: PartyStatus;
  joinedOn: string | null;
  title: string | null;
  phone: string | null;
  grants: string[];
  grantsChanged: boolean;
}

export interface ImportPlan {
  units: PlanRow<ParsedWorkbook['units'][number]>[];
  people: PlanRow<PersonTarget>[];
  errors: RowError[];
  counts: { unitsCreate: number; unitsChange: number; unitsSame: number; peopleCreate: number; peopleChange: number; peopleSame: number };
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');

/**
 * The row's home unit and grants, resolved against the organisation as it will be. An archived unit takes nobody new,
 * but the people it has stay (`oldHome`: the person's unit or party group now), so an export imports back unchanged.
 */
function resolvePerson(p: PersonRow, final: Map<string, FinalUnit>, err: (m: string) => void, oldHome: string | null) {
  let unitCode: string | null = null;
  let homeCode: string | null = null;
  if (p.unit) {
    const r = resolveUnit(final, p.unit);
    if ('error' in r) err(r.error);
    else if (final.get(r.code)!.archived && oldHome !== r.code && final.get(oldHome ?? '')?.parentCode !== r.code)
      err(`单位「${p.unit}」已归档，不能再调入人员`);
    else unitCode = homeCode = r.code;
  }
  if (p.group && !p.unit) err('填写了党小组却没有填写单位');
  if (p.group && unitCode) {
    const group = [...final.entries()].find(
      ([c, u]) => u.kind === 'PARTY_GROUP' && u.parentCode === unitCode && (c === p.group || u.name === p.group),
    );
    if (!group) err(`党小组「${p.group}」不在单位「${p.unit}」之下`);
    else homeCode = group[0];
  }
  const grants: string[] = [];
  for (const g of p.roles) {
    if (COMPANY_ROLES.includes(g.role)) {
      grants.push(`${g.role}@`);
      continue;
    }
    if (!g.unit && !p.unit) {
      err(`角色「${formatRoles([g], null)}」须指定单位：请填写单位，或在角色后用括号写单位编号`);
      continue;
    }
    if (!g.unit && !unitCode) continue; // the row's unit is already reported
    const r = g.unit ? resolveUnit(final, g.unit) : { code: unitCode! };
    if ('error' in r) err(r.error);
    else grants.push(`${g.role}@${r.code}`);
  }
  return { homeCode, grants: [...new Set(grants)].sort() };
}

/**
 * The whole plan of a parsed workbook against the database (or a transaction, at apply time): per row, create,
 * change (old → new) or unchanged, and every row's errors. A fixed number of queries whatever the file's size.
 */
export async function planImport(db: Reader, parsed: ParsedWorkbook): Promise<ImportPlan> {
  const errors = [...parsed.errors];
  const dbUnits = await db.unit.findMany({
    select: {
      id: true,
      code: true,
      name: true,
      kind: true,
      parentId: true,
      location: true,
      factory: true,
      sortOrder: true,
      archivedAt: true,
    },
  });
  const { plan: units, final } = planUnits(parsed.units, dbUnits, errors);
  const codeOf = new Map(dbUnits.map((u) => [u.id, u.code]));
  const nameOf = (code: string | null) => (code ? `${final.get(code)?.name ?? code}` : '');
  const existing = await db.person.findMany({
    where: { username: { in: parsed.people.map((p) => p.username) } },
    select: {
      id: true,
      ...SHEET_PERSON,
      grants: { select: { role: true, unitId: true } },
    },
  });
  const byName = new Map(existing.map((p) => [p.username, p]));
  const people: PlanRow<PersonTarget>[] = [];
  for (const p of parsed.people) {
    const before = errors.length;
    const old = byName.get(p.username);
    const oldHome = old?.homeUnitId ? (codeOf.get(old.homeUnitId) ?? null) : null;
    const { homeCode, grants } = resolvePerson(p, final, (message) => errors.push({ sheet: SHEETS.people, row: p.row, message }), oldHome);
    if (errors.length > before) continue;
    const oldGrants = (old?.grants ?? [])
      .filter((g) => !KEPT_ROLES.includes(g.role))
      .map((g) => `${g.role}@${g.unitId ? codeOf.get(g.unitId) : ''}`)
      .sort();
    const grantsText = (gs: string[]) =>
      gs
        .map((g) => g.replace(/^(\w+)@(.*)$/, (_m, r, c) => formatRoles([{ role: r, unit: null }], null) + (c ? `（${nameOf(c)}）` : '')))
        .join('、');
    const changes = old
      ? diff([
          ['姓名', old.displayName, p.displayName],
          ['所在单位', nameOf(oldHome), nameOf(homeCode)],
          ['政治面貌', PARTY_STATUS_LABELS[old.partyStatus], PARTY_STATUS_LABELS[p.partyStatus]],
          ['入党日期', day(old.partyJoinedOn), p.joinedOn ?? ''],
          ['岗位', old.title ?? '', p.title ?? ''],
          ['电话', old.phone ?? '', p.phone ?? ''],
          ['职务/角色', grantsText(oldGrants), grantsText(grants)],
        ])
      : [];
    const target: PersonTarget = {
      username: p.username,
      displayName: p.displayName,
      homeCode,
      partyStatus: p.partyStatus,
      joinedOn: p.joinedOn,
      title: p.title,
      phone: p.phone,
      grants,
      grantsChanged: !old || oldGrants.join() !== grants.join(),
    };
    const action = !old ? 'create' : changes.length ? 'change' : 'same';
    people.push({ row: p.row, key: p.username, label: p.displayName, action, changes, target, id: old?.id });
  }
  const count = (rows: PlanRow<unknown>[], a: PlanRow<unknown>['action']) => rows.filter((r) => r.action === a).length;
  errors.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === SHEETS.units ? -1 : 1));
  return {
    units,
    people,
    errors,
    counts: {
      unitsCreate: count(units, 'create'),
      unitsChange: count(units, 'change'),
      unitsSame: count(units, 'same'),
      peopleCreate: count(people, 'create'),
      peopleChange: count(people, 'change'),
      peopleSame: count(people, 'same'),
    },
  };
}
