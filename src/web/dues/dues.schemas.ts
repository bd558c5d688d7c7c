import { z } from 'zod';
import { DUES_CATEGORY_LABELS, MAX_BASE_FEN } from '../../domain/dues/rules.js';
import type { SheetLine } from '../../domain/dues/dues.service.js';
import { parseYuan } from '../../domain/dues/money.js';
import { isMonth, thisMonth } from '../../domain/dues/months.js';
import { isCalendarDate, localToday } from '../../lib/dates.js';
import { optionalText, rowId } from '../forms.js';

const CATEGORIES = Object.keys(DUES_CATEGORY_LABELS) as (keyof typeof DUES_CATEGORY_LABELS)[];

/** ?month=YYYY-MM: a real month that has begun. */
export const monthField = z
  .string({ error: '请选择月份' })
  .trim()
  .refine(isMonth, '月份格式应为 年-月，如 2026-03')
  .refine((m) => m <= thisMonth(), '该月份尚未开始');

const yuanText = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined) return null;
        const fen = parseYuan(v);
        if (fen == null) ctx.addIssue({ code: 'custom', message: `${label}应为金额（元），不能为负数，最多两位小数` });
        else if (fen > MAX_BASE_FEN) ctx.addIssue({ code: 'custom', message: `${label}超过每月 20 万元，请核实后填写` });
        return fen;
      }),
  );

/** POST /units/:code/dues/bases — a member's base from a month on. */
export const baseSchema = z
  .object({
    personId: rowId('请选择党员'),
    category: z.enum(CATEGORIES, { error: '请选择党员类别' }),
    base: yuanText('基数'),
    fixed: yuanText('固定金额'),
    validFrom: monthField,
    note: optionalText(200),
  })
  .superRefine((v, ctx) => {
    const needsBase = v.category === 'ON_JOB' || v.category === 'RETIRED';
    if (needsBase && v.base == null) ctx.addIssue({ code: 'custom', path: ['base'], message: '请填写月收入基数（元）' });
    if (v.category === 'BRANCH_FIXED' && v.fixed == null)
      ctx.addIssue({ code: 'custom', path: ['fixed'], message: '请填写支部核定的固定金额（元）' });
  });

export interface RawLine {
  personId: number;
  paid: string;
  paidOn: string;
  note: string;
}

/** The sheet form's rows: `personId` lists them, `paid_<id>`, `paidOn_<id>`, `note_<id>` hold each one's fields. */
export function rawLinesOf(body: Record<string, unknown>): RawLine[] {
  const ids = ([] as unknown[]).concat(body.personId ?? []);
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  return ids
    .map((id) => Number(id))
    .filter((id) => Number.isInteger(id) && id > 0 && id < 2 ** 31)
    .slice(0, 1000)
    .map((id) => ({
      personId: id,
      paid: str(body[`paid_${id}`]),
      paidOn: str(body[`paidOn_${id}`]),
      note: str(body[`note_${id}`]).slice(0, 200),
    }));
}

/** Checks each row's format (the amounts against 应缴 are checked by the service); errors keyed by field and row. */
export function parseSheetLines(raw: RawLine[]): { lines: SheetLine[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const lines: SheetLine[] = [];
  for (const r of raw) {
    const paidFen = r.paid ? parseYuan(r.paid) : null;
    if (r.paid && paidFen == null) errors[`paid_${r.personId}`] = '实缴应为金额（元），不能为负数，最多两位小数';
    else if (paidFen != null && paidFen > MAX_BASE_FEN) errors[`paid_${r.personId}`] = '实缴金额过大，请核实';
    if (r.paidOn && !isCalendarDate(r.paidOn)) errors[`paidOn_${r.personId}`] = '交纳日期格式应为 年-月-日';
    else if (r.paidOn && r.paidOn > localToday()) errors[`paidOn_${r.personId}`] = '交纳日期不能晚于今天';
    else if (r.paidOn && !r.paid) errors[`paid_${r.personId}`] = '已填交纳日期，请填写实缴金额';
    lines.push({ personId: r.personId, paidFen, paidOn: r.paidOn || null, note: r.note });
  }
  return { lines, errors };
}
