import ExcelJS from 'exceljs';
import { workbookProblem } from '../orgimport/import.zip-check.js';
import { isoDay } from '../../lib/dates.js';
import type { duesSheet } from './dues.queries.js';
import { yuan } from './money.js';

type Sheet = Awaited<ReturnType<typeof duesSheet>>;

const HEAD = ['编号', '姓名', '应缴（元）', '计算依据', '实缴（元）', '交纳日期', '说明'];
const FIRST_ROW = 4;

/** The month's sheet as a workbook: one line per member, 实缴 pre-filled with 应缴 where nothing was recorded. */
export async function duesWorkbook(unit: { name: string }, sheet: Sheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '党建信息平台';
  const ws = wb.addWorksheet('党费收缴');
  ws.addRow([`${unit.name} ${sheet.month} 党费收缴表`]).font = { bold: true, size: 13 };
  ws.addRow(['填写“实缴”和“交纳日期”（年-月-日）后导入；未填交纳日期的视为未交。请勿修改编号列。']);
  ws.addRow(HEAD).font = { bold: true };
  for (const r of sheet.rows) {
    const paidFen = r.paid?.paidOn ? r.paid.paidFen : r.due?.dueFen;
    ws.addRow([
      r.personId,
      r.displayName,
      r.due ? yuan(r.due.dueFen) : '未申报基数',
      r.due?.rule ?? '',
      paidFen == null ? '' : yuan(paidFen),
      r.paid?.paidOn ? isoDay(r.paid.paidOn) : '',
      r.paid?.note ?? '',
    ]);
  }
  ws.columns.forEach((c, i) => (c.width = [8, 12, 12, 40, 12, 14, 30][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A filled-in sheet's lines, as text the sheet form would have sent (validated by the same rules afterwards). */
export interface ImportedLine {
  personId: number;
  name: string;
  paid: string;
  paidOn: string;
  note: string;
}

/** Reads a filled-in dues workbook (an upload, in memory); a file that is not one, or a zip bomb, says so. */
export async function readDuesWorkbook(buf: Buffer): Promise<ImportedLine[]> {
  const problem = await workbookProblem(buf);
  if (problem) throw new Error(problem);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new Error('文件不是有效的 Excel（.xlsx）文件');
  }
  const ws = wb.worksheets[0];
  const head = ws?.getRow(FIRST_ROW - 1).values as unknown[] | undefined;
  if (!ws || !head || String(head[1] ?? '') !== HEAD[0] || String(head[5] ?? '') !== HEAD[4])
    throw new Error('文件不是本平台导出的党费收缴表');
  const lines: ImportedLine[] = [];
  ws.eachRow((row, n) => {
    if (n < FIRST_ROW) return;
    const cell = (i: number) => cellText(row.getCell(i).value);
    const id = Number(cell(1));
    if (!Number.isInteger(id) || id <= 0) return;
    lines.push({ personId: id, name: cell(2), paid: cell(5), paidOn: cell(6), note: cell(7) });
  });
  return lines;
}

/** A cell as the text a person typed: dates as YYYY-MM-DD, numbers as written. */
function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return isoDay(v);
  if (typeof v === 'object' && 'result' in v) return cellText(v.result as ExcelJS.CellValue);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return String(v).trim();
}
