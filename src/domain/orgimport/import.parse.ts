import ExcelJS from 'exceljs';
import type { Role } from '../../generated/prisma/enums.js';
import {
  PARTY_STATUS_BY_LABEL,
  PEOPLE_COLUMNS,
  ROLE_BY_LABEL,
  SHEETS,
  UNIT_COLUMNS,
  UNIT_KIND_BY_LABEL,
  type ParsedWorkbook,
  type PersonRow,
  type RowError,
  type UnitRow,
} from './import.columns.js';
import { workbookProblem } from './import.zip-check.js';

/** A workbook the parser refuses as a whole (not rows in it): the message is shown on the upload page. */
export class WorkbookError extends Error {}

const USERNAME = /^[A-Za-z0-9_.-]{2,32}$/;
const UNIT_CODE = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** The text of a cell; formulas are refused by the caller before this is asked. */
function text(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((t) => t.text)
      .join('')
      .trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  return String(v).trim();
}

/** 入党日期: an Excel date, a date serial, or 2020-07-01 / 2020/7/1 / 2020年7月1日; null when empty, 'bad' when not a day. */
export function parseDay(v: ExcelJS.CellValue): string | null | 'bad' {
  if (v == null || v === '') return null;
  let d: Date | undefined;
  if (v instanceof Date) d = v;
  else if (typeof v === 'number') d = new Date(Math.round((v - 25569) * 86_400_000));
  else {
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text(v));
    if (!m) return text(v) ? 'bad' : null;
    d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (d.getUTCMonth() !== +m[2] - 1) return 'bad';
  }
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1921 || d.getTime() > Date.now()) return 'bad';
  return d.toISOString().slice(0, 10);
}

/** Reads one sheet's data rows as {row, cells by header}; refuses merged or missing headers and formulas. */
function readSheet(ws: ExcelJS.Worksheet, columns: readonly string[], errors: RowError[]) {
  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  if (merges.length) throw new WorkbookError(`工作表「${ws.name}」有合并单元格（${merges[0]}）：请取消合并后再上传`);
  const header = ws.getRow(1);
  const at = new Map<string, number>();
  header.eachCell((c, col) => at.set(text(c.value), col));
  const missing = columns.filter((c) => !at.has(c));
  if (missing.length) throw new WorkbookError(`工作表「${ws.name}」第 1 行缺少表头：${missing.join('、')}（请使用模板）`);
  const rows: { row: number; cell: (name: string) => ExcelJS.CellValue }[] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    let formula = false;
    r.eachCell((c) => (formula ||= c.type === ExcelJS.ValueType.Formula));
    if (formula) return errors.push({ sheet: ws.name, row: n, message: '含有公式：请复制后“粘贴为数值”再上传' });
    const cell = (name: string) => r.getCell(at.get(name)!).value;
    if (columns.every((c) => text(cell(c)) === '')) return;
    rows.push({ row: n, cell });
  });
  return rows;
}

function parseRoles(raw: string, err: (m: string) => void): PersonRow['roles'] {
  const roles: PersonRow['roles'] = [];
  for (const part of raw.split(/[、，,；;\s]+/).filter(Boolean)) {
    const m = /^([^()（）]+)(?:[(（]([^()（）]+)[)）])?$/.exec(part);
    const role: Role | undefined = m ? ROLE_BY_LABEL[m[1].trim()] : undefined;
    if (!m || !role) err(`职务/角色「${part}」无法识别（可填：支部书记、组织委员、信息员、党员、群众、党务室）`);
    else if (role === 'ADMIN') err('网站管理员角色不能通过导入授予，请在账号页授予');
    else roles.push({ role, unit: m[2]?.trim() || null });
  }
  return roles;
}

function parsePeople(ws: ExcelJS.Worksheet, errors: RowError[]): PersonRow[] {
  const out: PersonRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cell } of readSheet(ws, PEOPLE_COLUMNS, errors)) {
    const err = (message: string) => errors.push({ sheet: ws.name, row, message });
    const before = errors.length;
    const username = text(cell('工号'));
    const displayName = text(cell('姓名'));
    const status = text(cell('政治面貌'));
    const joinedOn = parseDay(cell('入党日期'));
    if (!username) err('工号未填写');
    else if (!USERNAME.test(username)) err(`工号「${username}」只能包含字母、数字、下划线、点和连字符，2 至 32 位`);
    else if (seen.has(username)) err(`工号 ${username} 在文件中重复（另见第 ${seen.get(username)} 行）`);
    else seen.set(username, row);
    if (!displayName) err('姓名未填写');
    if (displayName.length > 50) err('姓名不能超过 50 个字');
    if (status && !PARTY_STATUS_BY_LABEL[status])
      err(`政治面貌「${status}」无法识别（可填：群众、入党申请人、入党积极分子、发展对象、预备党员、正式党员）`);
    if (joinedOn === 'bad') err(`入党日期「${text(cell('入党日期'))}」不是有效日期（例：2018-07-01）`);
    const roles = parseRoles(text(cell('职务/角色')), err);
    if (errors.length > before) continue;
    out.push({
      row,
      username,
      displayName,
      unit: text(cell('单位')) || null,
      group: text(cell('党小组')) || null,
      partyStatus: PARTY_STATUS_BY_LABEL[status] ?? 'MASSES',
      joinedOn: joinedOn as string | null,
      roles,
      title: text(cell('岗位')).slice(0, 100) || null,
      phone: text(cell('电话')).slice(0, 50) || null,
    });
  }
  return out;
}

function parseUnits(ws: ExcelJS.Worksheet, errors: RowError[]): UnitRow[] {
  const out: UnitRow[] = [];
  const seen = new Map<string, number>();
  for (const { row, cell } of readSheet(ws, UNIT_COLUMNS, errors)) {
    const err = (message: string) => errors.push({ sheet: ws.name, row, message });
    const before = errors.length;
    const code = text(cell('单位编号'));
    const kindLabel = text(cell('类型'));
    const sort = text(cell('排序'));
    if (!UNIT_CODE.test(code)) err(`单位编号「${code}」只能用小写字母、数字和连字符，2 至 40 位`);
    else if (seen.has(code)) err(`单位编号 ${code} 在文件中重复（另见第 ${seen.get(code)} 行）`);
    else seen.set(code, row);
    if (!text(cell('单位名称'))) err('单位名称未填写');
    if (!UNIT_KIND_BY_LABEL[kindLabel]) err(`类型「${kindLabel}」无法识别（可填：党委、党总支、党支部、党小组）`);
    if (!text(cell('地点')) || !text(cell('厂区'))) err('地点和厂区须填写');
    if (sort && !/^\d{1,6}$/.test(sort)) err(`排序「${sort}」须是整数`);
    if (errors.length > before) continue;
    out.push({
      row,
      code,
      name: text(cell('单位名称')).slice(0, 100),
      kind: UNIT_KIND_BY_LABEL[kindLabel],
      parentCode: text(cell('上级单位编号')) || null,
      location: text(cell('地点')).slice(0, 50),
      factory: text(cell('厂区')).slice(0, 50),
      sortOrder: sort ? Number(sort) : 0,
    });
  }
  return out;
}

/** Checks and parses an uploaded workbook; throws WorkbookError for a file refused as a whole. */
export async function parseWorkbook(buf: Buffer): Promise<ParsedWorkbook> {
  const problem = await workbookProblem(buf);
  if (problem) throw new WorkbookError(problem);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    throw new WorkbookError('文件已损坏，或不是 Excel 工作簿（.xlsx）');
  }
  const peopleWs = wb.getWorksheet(SHEETS.people);
  const unitsWs = wb.getWorksheet(SHEETS.units);
  if (!peopleWs && !unitsWs) throw new WorkbookError(`工作簿中没有「${SHEETS.people}」或「${SHEETS.units}」工作表（请使用模板）`);
  const errors: RowError[] = [];
  const units = unitsWs ? parseUnits(unitsWs, errors) : [];
  const people = peopleWs ? parsePeople(peopleWs, errors) : [];
  return { units, people, errors };
}
