import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';
import { RECEIPT_FILTERS, type ReceiptFilter } from '../../domain/notices/receipts.queries.js';
import { MAX_ID } from '../../lib/ids.js';
import { checkbox, optionalText, page, required, rowId } from '../forms.js';

const idList = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(rowId('接收单位无效')).max(1000, '接收单位过多'),
);

const optionalDate = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 年-月-日`)
      .refine(isCalendarDate, `${label}不是有效日期`)
      .transform((s) => new Date(`${s}T00:00:00Z`))
      .optional(),
  );

/** The notice form (new and edit): the issuing unit comes from the loader, everything else from here. */
export const noticeFormSchema = z
  .object({
    title: required('标题', 200),
    docNumber: optionalText(60),
    issuer: required('发文机关', 60),
    body: z.string({ error: '请填写正文' }).trim().min(1, '请填写正文').max(100_000, '正文不能超过 10 万字'),
    audience: z.enum(['ALL', 'MEMBERS', 'UNITS'], { error: '请选择发送范围' }),
    units: idList,
    membersOnly: checkbox,
    ackRequired: checkbox,
    ackDeadline: optionalDate('确认期限'),
    intent: z.enum(['draft', 'publish']).catch('draft'),
  })
  .superRefine((v, ctx) => {
    if (v.audience === 'UNITS' && !v.units.length) ctx.addIssue({ code: 'custom', path: ['units'], message: '请选择接收单位' });
    if (v.ackRequired && !v.ackDeadline) ctx.addIssue({ code: 'custom', path: ['ackDeadline'], message: '要求确认时请填写确认期限' });
  });

export const withdrawSchema = z.object({ reason: required('撤回原因', 500) });

const unitParam = z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(MAX_ID).optional()).catch(undefined);

export const remindSchema = z.object({ unit: unitParam });

export const receiptsQuery = z.object({
  unit: unitParam,
  status: z.enum(Object.keys(RECEIPT_FILTERS) as [ReceiptFilter, ...ReceiptFilter[]]).catch('all'),
  page,
});

export const listQuery = z.object({ page });
