import ExcelJS from 'exceljs';
import dayjs from 'dayjs';
import { PARTY_STATUS_LABELS } from '../../lib/format.js';
import type { allReceiptPeople, receiptSummary } from './receipts.queries.js';

type People = Awaited<ReturnType<typeof allReceiptPeople>>;
type Summary = Awaited<ReturnType<typeof receiptSummary>>;

const at = (d: Date | null) => (d ? dayjs(d).format('YYYY-MM-DD HH:mm') : '');

/** The status a reader's row shows, in words. */
export function receiptStatus(p: { readAt: Date | null; acknowledgedAt: Date | null }, ackRequired: boolean): string {
  if (!p.readAt) return '未读';
  if (!ackRequired) return '已读';
  return p.acknowledgedAt ? '已确认' : '已读未确认';
}

/** 签收情况.xlsx: one sheet with every reader, one with the counts per unit. */
export async function receiptWorkbook(
  notice: { title: string; docNumber: string; ackRequired: boolean },
  people: People,
  summary: Summary,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '党建信息平台';
  wb.created = new Date();

  const sheet = wb.addWorksheet('签收明细');
  sheet.addRow([`${notice.title}${notice.docNumber ? `（${notice.docNumber}）` : ''} — 签收明细`]).font = { bold: true, size: 13 };
  sheet.addRow([`导出时间：${at(new Date())}`]);
  const head = sheet.addRow([
    '单位',
    '姓名',
    '工号',
    '政治面貌',
    '状态',
    '阅读时间',
    ...(notice.ackRequired ? ['确认时间'] : []),
    '提醒次数',
  ]);
  head.font = { bold: true };
  for (const p of people) {
    sheet.addRow([
      p.unit.name,
      p.displayName,
      p.username,
      PARTY_STATUS_LABELS[p.partyStatus] ?? p.partyStatus,
      receiptStatus(p, notice.ackRequired),
      at(p.readAt),
      ...(notice.ackRequired ? [at(p.acknowledgedAt)] : []),
      p.reminder?.times ?? 0,
    ]);
  }
  sheet.columns.forEach((c, i) => (c.width = [22, 12, 12, 12, 12, 18, 18, 10][i] ?? 12));
  sheet.views = [{ state: 'frozen', ySplit: 3 }];

  const units = wb.addWorksheet('按单位汇总');
  units.addRow(['单位', '应读人数', '已读', '未读', ...(notice.ackRequired ? ['已确认', '未确认'] : [])]).font = { bold: true };
  for (const r of [...summary.rows, { name: '合计', total: summary.total, read: summary.read, acknowledged: summary.acknowledged }]) {
    units.addRow([r.name, r.total, r.read, r.total - r.read, ...(notice.ackRequired ? [r.acknowledged, r.total - r.acknowledged] : [])]);
  }
  units.getColumn(1).width = 24;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
