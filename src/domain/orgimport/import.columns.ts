import type { PartyStatus, Role, UnitKind } from '../../generated/prisma/enums.js';
import { PARTY_STATUS_LABELS, ROLE_LABELS, UNIT_KIND_LABELS } from '../../lib/format.js';

/** The workbook's sheets and columns: the template, the export and the parser all read them from here. */
export const SHEETS = { people: '人员', units: '单位与党小组', help: '填写说明' } as const;

export const PEOPLE_COLUMNS = ['工号', '姓名', '单位', '党小组', '政治面貌', '入党日期', '职务/角色', '岗位', '电话'] as const;
export const UNIT_COLUMNS = ['单位编号', '单位名称', '类型', '上级单位编号', '地点', '厂区', '排序'] as const;

/** Limits checked before the workbook is parsed (memory stays bounded whatever is uploaded). */
export const LIMITS = { fileBytes: 5 * 1024 * 1024, unzippedBytes: 20 * 1024 * 1024, entries: 200, rows: 5000 };

const invert = <K extends string>(labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).map(([k, v]) => [v, k as K])) as Record<string, K>;

export const PARTY_STATUS_BY_LABEL: Record<string, PartyStatus> = {
  ...invert<PartyStatus>(PARTY_STATUS_LABELS),
  中共党员: 'FULL',
  党员: 'FULL',
};
export const UNIT_KIND_BY_LABEL: Record<string, UnitKind> = invert<UnitKind>(UNIT_KIND_LABELS);
export const ROLE_BY_LABEL: Record<string, Role> = { ...invert<Role>(ROLE_LABELS), 书记: 'SECRETARY', 党小组组长: 'SECRETARY' };
/** Roles the import never grants nor revokes: the administrator's own stays a deliberate act on the account page. */
export const KEPT_ROLES: Role[] = ['ADMIN'];
export const COMPANY_ROLES: Role[] = ['OFFICE', 'ADMIN'];

/** The rows as the parser hands them on: trimmed text, a date as YYYY-MM-DD, roles as written. */
export interface UnitRow {
  row: number;
  code: string;
  name: string;
  kind: UnitKind;
  parentCode: string | null;
  location: string;
  factory: string;
  sortOrder: number;
}
export interface PersonRow {
  row: number;
  username: string;
  displayName: string;
  unit: string | null;
  group: string | null;
  partyStatus: PartyStatus;
  joinedOn: string | null;
  roles: { role: Role; unit: string | null }[];
  title: string | null;
  phone: string | null;
}
export interface RowError {
  sheet: string;
  row: number;
  message: string;
}
export interface ParsedWorkbook {
  units: UnitRow[];
  people: PersonRow[];
  errors: RowError[];
}

/** The roles cell: labels separated by 、，; a role in another unit than the row's carries its code in brackets. */
export function formatRoles(roles: { role: Role; unit: string | null }[], rowUnit: string | null): string {
  return roles.map((r) => ROLE_LABELS[r.role] + (r.unit && r.unit !== rowUnit ? `(${r.unit})` : '')).join('、');
}

/** What the people sheet carries of a person, as the export writes it and the preview compares it. */
export const SHEET_PERSON = {
  username: true,
  displayName: true,
  homeUnitId: true,
  partyStatus: true,
  partyJoinedOn: true,
  title: true,
  phone: true,
} as const;
