import ExcelJS from 'exceljs';
import type { QuarterSheet, SchemeRow, YearResults } from './assessment.queries.js';
import { METHOD_LABELS, QUARTER_LABELS } from './measures.js';
import { round2 } from './scoring.js';

const TITLE_FONT = { bold: true, size: 14 } as const;

function start(title: string, sheetName: string) {
  const wb = new ExcelJS.Workbook();
  wb.creator = '党建信息平台';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName, {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.addRow([title]).font = TITLE_FONT;
  return { wb, ws };
}

function header(ws: ExcelJS.Worksheet, cells: string[]) {
  const row = ws.addRow(cells);
  row.font = { bold: true };
  row.alignment = { wrapText: true, vertical: 'middle' };
  ws.views = [{ state: 'frozen', ySplit: row.number, xSplit: 2 }];
}

const num = (x: number | null | undefined) => (x == null ? null : round2(x));

/** The quarter's scoring sheet: one row per branch, one column per criterion, the total and rank. */
export async function quarterWorkbook(scheme: SchemeRow, quarter: number, sheet: QuarterSheet): Promise<Buffer> {
  const status = sheet.round?.status === 'PUBLISHED' ? '已发布' : '草稿';
  const { wb, ws } = start(
    `${scheme.year} 年${QUARTER_LABELS[quarter - 1]}党支部考核评分表（${status}）`,
    `${QUARTER_LABELS[quarter - 1]}评分`,
  );
  header(ws, [
    '排名',
    '支部',
    ...sheet.criteria.map((c) => `${c.title}\n（${METHOD_LABELS[c.method]}，权重 ${c.weight}，满分 ${c.maxScore}）`),
    '总分',
  ]);
  for (const r of [...sheet.rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))) {
    const row = ws.addRow([r.rank, r.unit.name, ...sheet.criteria.map((c) => num(r.cells.get(c.id)?.value)), num(r.total)]);
    sheet.criteria.forEach((c, i) => {
      const comment = r.cells.get(c.id)?.comment;
      if (comment) row.getCell(3 + i).note = comment;
    });
  }
  ws.getColumn(2).width = 24;
  for (let i = 3; i <= sheet.criteria.length + 3; i++) ws.getColumn(i).width = 14;
  ws.addRow([]);
  ws.addRow(['总分 = Σ（得分 ÷ 满分 × 权重）÷ Σ权重 × 100；未评分的项目按 0 分计。']);
  explanations(wb, sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every score with what it came from (the method and the ratio measured) and the office's comment, as cells anyone can read. */
function explanations(wb: ExcelJS.Workbook, sheet: QuarterSheet) {
  const ws = wb.addWorksheet('评分说明');
  header(ws, ['支部', '考核项目', '计分方式', '完成比例', '得分', '满分', '评分说明']);
  for (const r of sheet.rows)
    for (const c of sheet.criteria) {
      const cell = r.cells.get(c.id);
      if (!cell) continue;
      ws.addRow([
        r.unit.name,
        c.title,
        METHOD_LABELS[c.method],
        cell.ratio == null ? '' : `${round2(cell.ratio * 100)}%`,
        num(cell.value),
        c.maxScore,
        cell.comment,
      ]);
    }
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 24;
  ws.getColumn(3).width = 18;
  ws.getColumn(7).width = 50;
}

/** The year's ranking: totals by quarter (drafts marked) and the year result from the published quarters. */
export async function rankingWorkbook(scheme: SchemeRow, results: YearResults): Promise<Buffer> {
  const { wb, ws } = start(`${scheme.year} 年党支部考核年度排名`, '年度排名');
  const quarterHead = results.quarters.map(
    (q, i) => `${QUARTER_LABELS[i]}${q.status === 'PUBLISHED' ? '' : q.visible ? '（草稿，不计入）' : '（未发布）'}`,
  );
  header(ws, ['排名', '支部', ...quarterHead, '年度得分']);
  for (const r of results.rows) ws.addRow([r.rank, r.unit.name, ...r.quarters.map((q) => num(q?.total)), num(r.year)]);
  ws.getColumn(2).width = 24;
  for (let i = 3; i <= 7; i++) ws.getColumn(i).width = 16;
  ws.addRow([]);
  ws.addRow(['年度得分 = 已发布季度总分的平均值；并列者名次相同。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
