import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { PEOPLE_COLUMNS, SHEETS, UNIT_COLUMNS } from '../../src/domain/orgimport/import.columns.js';
import { csrfOf, type Agent } from '../helpers/app.js';

type Cell = string | number | Date | { formula: string } | null;

/** A workbook in the import's format from plain rows (headers from the import's own column lists unless given). */
export async function workbook(sheets: { people?: Cell[][]; units?: Cell[][]; peopleHeader?: string[] }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (sheets.units) {
    const ws = wb.addWorksheet(SHEETS.units);
    ws.addRow([...UNIT_COLUMNS]);
    ws.addRows(sheets.units);
  }
  if (sheets.people) {
    const ws = wb.addWorksheet(SHEETS.people);
    ws.addRow(sheets.peopleHeader ?? [...PEOPLE_COLUMNS]);
    ws.addRows(sheets.people);
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A company of three factories: a committee, three branches with two party groups each, and `n` people. */
export function company(n: number) {
  const p = `i${randomBytes(3).toString('hex')}`;
  const factories = ['部件一厂', '部件二厂', '襄阳工厂'];
  const units: Cell[][] = [[`${p}-c`, `${p}党委`, '党委', '', '十堰', '总部', 0]];
  factories.forEach((f, i) => {
    units.push([`${p}-b${i}`, `${p}${f}党支部`, '党支部', `${p}-c`, i < 2 ? '十堰' : '襄阳', f, i + 1]);
    for (const g of [1, 2]) units.push([`${p}-b${i}-g${g}`, `${p}${f}第${g}党小组`, '党小组', `${p}-b${i}`, i < 2 ? '十堰' : '襄阳', f, g]);
  });
  const people: Cell[][] = [];
  for (let k = 0; k < n; k++) {
    const b = k % 3;
    const member = k % 4 !== 0;
    const roles = k < 3 ? '支部书记、党员' : k < 6 ? '信息员、党员' : member ? '党员' : '群众';
    people.push([
      `${p}${String(k).padStart(4, '0')}`,
      `员工${k}`,
      `${p}-b${b}`,
      member ? `${p}${factories[b]}第${(k % 2) + 1}党小组` : '',
      member ? '正式党员' : '群众',
      member ? `20${String(10 + (k % 10)).padStart(2, '0')}-07-01` : '',
      roles,
      '技术员',
      `0719-8${String(k).padStart(6, '0')}`,
    ]);
  }
  return { prefix: p, units, people };
}

/** Uploads a workbook through the form as the browser does (the CSRF token first, the file last). */
export async function upload(agent: Agent, data: Buffer, name = '组织机构.xlsx') {
  const token = await csrfOf(agent, '/admin/import');
  return agent
    .post('/admin/import')
    .field('_csrf', token)
    .attach('file', data, { filename: name, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** Confirms a preview (its page's form) and returns the answer. */
export async function confirm(agent: Agent, previewUrl: string) {
  const page = await agent.get(previewUrl);
  const action = /action="(\/admin\/import\/[^"]+\/apply)"/.exec(page.text)?.[1];
  if (!action) throw new Error(`no confirm form on ${previewUrl}: ${page.status}`);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  return agent.post(action).type('form').send({ _csrf: token });
}
