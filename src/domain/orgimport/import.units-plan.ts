import type { UnitKind } from '../../generated/prisma/enums.js';
import { UNIT_KIND_LABELS } from '../../lib/format.js';
import { ALLOWED_PARENTS } from '../units/units.admin.service.js';
import { SHEETS, type RowError, type UnitRow } from './import.columns.js';

export interface Change {
  field: string;
  from: string;
  to: string;
}
export interface PlanRow<T> {
  row: number;
  key: string;
  label: string;
  action: 'create' | 'change' | 'same';
  changes: Change[];
  target: T;
  id?: number;
}
export interface DbUnit {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: number | null;
  location: string;
  factory: string;
  sortOrder: number;
  archivedAt: Date | null;
}
/** A unit as it will be once the file is applied (codes, not ids: new units have none yet). */
export type FinalUnit = Omit<UnitRow, 'row'> & { archived: boolean };

/** Compares field by field; the labels are what the preview shows. */
export function diff(fields: [string, string, string][]): Change[] {
  return fields.filter(([, a, b]) => a !== b).map(([field, from, to]) => ({ field, from: from || '（空）', to: to || '（空）' }));
}

/**
 * The units sheet against the database: what each row creates or changes, and the whole organisation as it will
 * be (by code), which the people sheet resolves its 单位 and 党小组 against.
 */
export function planUnits(rows: UnitRow[], dbUnits: DbUnit[], errors: RowError[]) {
  const codeOf = new Map(dbUnits.map((u) => [u.id, u.code]));
  const existing = new Map(dbUnits.map((u) => [u.code, u]));
  const final = new Map<string, FinalUnit>(
    dbUnits.map((u) => [
      u.code,
      { ...u, parentCode: u.parentId ? (codeOf.get(u.parentId) ?? null) : null, archived: u.archivedAt !== null },
    ]),
  );
  for (const r of rows) final.set(r.code, { ...r, archived: existing.get(r.code)?.archivedAt != null });
  const plan: PlanRow<UnitRow>[] = [];
  for (const r of rows) {
    const err = (message: string) => errors.push({ sheet: SHEETS.units, row: r.row, message });
    const parent = r.parentCode ? final.get(r.parentCode) : undefined;
    const old = existing.get(r.code);
    // where a unit already stands is not the file's doing: only a new unit, or one moved or retyped, is checked
    const inPlace = !!old && old.kind === r.kind && (old.parentId ? codeOf.get(old.parentId) : undefined) === (r.parentCode ?? undefined);
    if (r.parentCode && !parent) err(`上级单位编号 ${r.parentCode} 不存在（工作表和系统中都没有）`);
    else if (!inPlace && !ALLOWED_PARENTS[r.kind].includes(parent?.kind ?? null))
      err(`${UNIT_KIND_LABELS[r.kind]}不能${parent ? `放在${UNIT_KIND_LABELS[parent.kind]}之下` : '没有上级单位'}`);
    // a loop in the tree: walking up from the row never reaches the root
    const up = new Set<string>([r.code]);
    for (let c = r.parentCode; c; c = final.get(c)?.parentCode ?? null) {
      if (up.has(c)) {
        err(`上级单位编号 ${r.parentCode} 会使组织树成环`);
        break;
      }
      up.add(c);
    }
    const changes = old
      ? diff([
          ['单位名称', old.name, r.name],
          ['类型', UNIT_KIND_LABELS[old.kind], UNIT_KIND_LABELS[r.kind]],
          ['上级单位编号', old.parentId ? (codeOf.get(old.parentId) ?? '') : '', r.parentCode ?? ''],
          ['地点', old.location, r.location],
          ['厂区', old.factory, r.factory],
          ['排序', String(old.sortOrder), String(r.sortOrder)],
        ])
      : [];
    const action = !old ? 'create' : changes.length ? 'change' : 'same';
    plan.push({ row: r.row, key: r.code, label: r.name, action, changes, target: r, id: old?.id });
  }
  return { plan, final };
}

/** A 单位 cell: a unit code, or a name that only one unit has. */
export function resolveUnit(final: Map<string, FinalUnit>, ref: string): { code: string } | { error: string } {
  if (final.has(ref)) return { code: ref };
  const named = [...final.entries()].filter(([, u]) => u.name === ref);
  if (named.length === 1) return { code: named[0][0] };
  if (named.length > 1) return { error: `单位名称「${ref}」不唯一，请改填单位编号（${named.map(([c]) => c).join('、')}）` };
  return { error: `单位「${ref}」不存在（请先在系统或「${SHEETS.units}」工作表中建立）` };
}
