import ExcelJS from 'exceljs';
import type { Db } from '../../db/client.js';
import { PARTY_STATUS_LABELS, UNIT_KIND_LABELS } from '../../lib/format.js';
import { formatRoles, KEPT_ROLES, LIMITS, PEOPLE_COLUMNS, SHEET_PERSON, SHEETS, UNIT_COLUMNS } from './import.columns.js';

const HELP = [
  ['组织机构导入模板：填写「人员」和「单位与党小组」两张表后，在“系统管理 → 组织机构导入”上传，先预览，确认后才写入。'],
  [''],
  ['人员表'],
  ['工号：必填，员工编号（登录用户名），字母、数字、下划线、点或连字符，2 至 32 位；同一文件中不能重复。'],
  ['姓名：必填。'],
  ['单位：所在党支部（或党委、党总支）的单位编号或单位名称（名称须唯一）。'],
  ['党小组：可选，须是该单位下的党小组名称或编号；填写后人员归入该党小组。'],
  ['政治面貌：群众、入党申请人、入党积极分子、发展对象、预备党员、正式党员（空白视为群众）。'],
  ['入党日期：如 2018-07-01，可空。'],
  [
    '职务/角色：平台角色，用顿号分隔：支部书记、组织委员、信息员、党员、群众、党务室；在本行单位以外的单位任职时，在角色后加括号写单位编号，如 信息员(b02)。留空表示没有角色。网站管理员角色不能导入。',
  ],
  ['岗位、电话：可空。'],
  [''],
  ['单位与党小组表'],
  ['单位编号：必填，小写字母、数字和连字符；已存在的编号表示修改该单位，新编号表示新建。'],
  ['类型：党委、党总支、党支部、党小组；上级单位编号：党委留空，其余填上级的编号。地点、厂区：必填（两地三厂）。'],
  [''],
  ['规则'],
  ['文件中没有的人员和单位保持不变；同一文件再次导入不会产生任何变更。'],
  ['新账号没有本地密码：请在账号页“重置密码”取得临时密码（首次登录须修改），或启用公司账号（域账号）登录。密码不会出现在表格中。'],
  [`不能含公式和合并单元格；每张表最多 ${LIMITS.rows} 行，文件不超过 ${LIMITS.fileBytes / 1024 / 1024} MB。`],
];

function sheet(wb: ExcelJS.Workbook, name: string, columns: readonly string[], rows: (string | number)[][]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c, width: c === '职务/角色' || c === '单位名称' ? 28 : 14 }));
  ws.getRow(1).font = { bold: true };
  ws.addRows(rows);
}

/** The workbook of the organisation: instructions, people (none in the template) and every unit. */
export async function organisationWorkbook(db: Db, opts: { withPeople: boolean }): Promise<ExcelJS.Buffer> {
  const [units, people] = await Promise.all([
    db.unit.findMany({
      orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
      select: { id: true, code: true, name: true, kind: true, parentId: true, location: true, factory: true, sortOrder: true },
    }),
    opts.withPeople
      ? db.person.findMany({
          orderBy: { username: 'asc' },
          select: {
            ...SHEET_PERSON,
            grants: { where: { role: { notIn: KEPT_ROLES } }, select: { role: true, unitId: true } },
          },
        })
      : [],
  ]);
  const byId = new Map(units.map((u) => [u.id, u]));
  const nameCount = new Map<string, number>();
  for (const u of units) nameCount.set(u.name, (nameCount.get(u.name) ?? 0) + 1);
  // what a person row shows in 单位: the name when no other unit has it, else the code
  const ref = (code: string) => {
    const u = units.find((x) => x.code === code)!;
    return nameCount.get(u.name) === 1 ? u.name : u.code;
  };
  const wb = new ExcelJS.Workbook();
  const help = wb.addWorksheet(SHEETS.help);
  help.columns = [{ width: 120 }];
  help.addRows(HELP);
  help.getRow(1).font = { bold: true };
  const peopleRows = people.map((p) => {
    const home = p.homeUnitId ? byId.get(p.homeUnitId) : undefined;
    const unit = home?.kind === 'PARTY_GROUP' && home.parentId ? byId.get(home.parentId) : home;
    const roles = p.grants.map((g) => ({ role: g.role, unit: g.unitId ? byId.get(g.unitId)!.code : null }));
    return [
      p.username,
      p.displayName,
      unit ? ref(unit.code) : '',
      home && home !== unit ? home.name : '',
      PARTY_STATUS_LABELS[p.partyStatus],
      p.partyJoinedOn ? p.partyJoinedOn.toISOString().slice(0, 10) : '',
      formatRoles(roles, unit?.code ?? null),
      p.title ?? '',
      p.phone ?? '',
    ];
  });
  sheet(wb, SHEETS.people, PEOPLE_COLUMNS, peopleRows);
  const unitRows = units.map((u) => [
    u.code,
    u.name,
    UNIT_KIND_LABELS[u.kind],
    u.parentId ? byId.get(u.parentId)!.code : '',
    u.location,
    u.factory,
    u.sortOrder,
  ]);
  sheet(wb, SHEETS.units, UNIT_COLUMNS, unitRows);
  return wb.xlsx.writeBuffer();
}
