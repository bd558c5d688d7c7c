import ExcelJS from 'exceljs';
import type { loadBoard } from '../../domain/boards/board.queries.js';
import { STATUS_LABELS } from '../../domain/boards/rules.js';

const FILL: Record<string, string> = {
  stretch: 'FF1B5E20',
  met: 'FF81C784',
  atRisk: 'FFFFD54F',
  missed: 'FFE57373',
  unreported: 'FFBDBDBD',
};

/** The board as a workbook: one sheet with the bowling chart (figures coloured as on screen), one with every measurement. */
export async function boardWorkbook(unit: { name: string }, board: Awaited<ReturnType<typeof loadBoard>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '党建信息平台';
  const chart = wb.addWorksheet('方针管理板', {
    pageSetup: { paperSize: 8 as unknown as ExcelJS.PaperSize, orientation: 'landscape', fitToPage: true },
  });
  chart.addRow([`${unit.name} ${board.year}年方针管理板`]);
  chart.addRow([
    '类别',
    '目标',
    '衡量指标',
    '单位',
    '方向',
    '目标值',
    '挑战值',
    '周期',
    '责任人',
    ...Array.from({ length: 12 }, (_, i) => `${i + 1}月`),
    '累计平均',
    '累计状态',
  ]);
  for (const r of board.rows) {
    const row = chart.addRow([
      r.kind === 'MUST' ? '必达' : '挑战',
      r.title,
      r.measure,
      r.uom,
      r.direction === 'HIGHER' ? '越高越好' : '越低越好',
      r.targetValue,
      r.stretchValue ?? '',
      r.period === 'MONTHLY' ? '月' : '季',
      r.ownerName,
      // a quarter's figure under its three months (merged below), as the board shows it
      ...Array.from({ length: 12 }, (_, i) => (r.period === 'MONTHLY' ? r.cells[i] : r.cells[Math.floor(i / 3)])?.actual ?? ''),
      r.ytd.mean == null ? '' : Math.round(r.ytd.mean * 100) / 100,
      STATUS_LABELS[r.ytd.status],
    ]);
    const span = r.period === 'MONTHLY' ? 1 : 3;
    r.cells.forEach((c, i) => {
      const first = 10 + i * span;
      if (span > 1) chart.mergeCells(row.number, first, row.number, first + span - 1);
      const color = FILL[c.status];
      if (color) row.getCell(first).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: color } };
    });
  }
  chart.getRow(2).font = { bold: true };
  chart.getColumn(2).width = 28;
  chart.getColumn(3).width = 28;

  const data = wb.addWorksheet('数据明细');
  data.addRow(['目标', '统计期', '实际值', '状态', '迟报', '说明']);
  for (const r of board.rows)
    for (const c of r.cells)
      if (c.actual != null) data.addRow([r.title, c.label, c.actual, STATUS_LABELS[c.status], c.late ? '是' : '', c.note]);
  data.getRow(1).font = { bold: true };
  data.getColumn(1).width = 28;
  data.getColumn(6).width = 40;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
