import ExcelJS from 'exceljs';
import { QUALITY_RULE_LINES, RATING_LABELS } from '../../domain/stats/quality.js';
import { quarterLabel } from '../../domain/stats/quarters.js';
import type { QuarterDetail } from '../../domain/stats/stats.queries.js';

export const STATS_COLUMNS = [
  '单位',
  '信息更新',
  '较上季度',
  '及时更新模块',
  '应更新模块',
  '特色工作',
  '退回修改',
  '被撤下',
  '平均审核时长（小时）',
  '信息质量分',
  '评定等级',
  '评语',
] as const;

/** The quarter as a workbook: the table as on screen (numbers as numbers), and the scoring rule. */
export async function statsWorkbook(detail: QuarterDetail): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '党建信息平台';
  const sheet = wb.addWorksheet('季度信息统计');
  sheet.addRow([`${quarterLabel(detail)}各单位信息统计${detail.status === 'PUBLISHED' ? '' : '（草稿，未发布）'}`]);
  sheet.addRow([...STATS_COLUMNS]);
  for (const r of detail.rows) {
    sheet.addRow([
      r.unitName,
      r.updates,
      r.updatesChange ?? '',
      r.modulesCurrent,
      r.modulesTracked,
      r.featured,
      r.sentBack,
      r.takenDown,
      r.avgReviewHours ?? '',
      r.qualityScore,
      r.rating ? RATING_LABELS[r.rating] : '',
      r.ratingComment,
    ]);
  }
  const t = detail.totals;
  sheet.addRow([
    '合计',
    t.updates,
    t.updatesChange ?? '',
    t.modulesCurrent,
    t.modulesTracked,
    t.featured,
    t.sentBack,
    t.takenDown,
    t.avgReviewHours ?? '',
    t.qualityScore ?? '',
    '',
    '',
  ]).font = { bold: true };
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(2).font = { bold: true };
  sheet.getColumn(1).width = 24;
  sheet.getColumn(12).width = 40;
  for (let c = 2; c <= 11; c++) sheet.getColumn(c).width = 12;

  const rule = wb.addWorksheet('计分规则');
  rule.addRow(['信息质量分（0–100 分）']);
  for (const line of QUALITY_RULE_LINES) rule.addRow(line);
  rule.getRow(1).font = { bold: true };
  rule.getColumn(1).width = 16;
  rule.getColumn(2).width = 70;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
