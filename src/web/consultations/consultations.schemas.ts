import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';
import { page, required, rowId } from '../forms.js';

const isoDate = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `请按 年-月-日 填写${label}`)
    .refine(isCalendarDate, `${label}不是有效日期`)
    .transform((s) => new Date(`${s}T00:00:00Z`));

/** A multi-select arrives as a string for one choice and an array for several. */
const idList = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(rowId('请选择有效的单位')).max(500),
);

export const openConsultationSchema = z.object({
  title: required('标题', 100),
  description: required('征求的问题和说明', 5000),
  audience: z.enum(['ALL', 'MEMBERS', 'UNITS'], { error: '请选择征求范围' }),
  unitIds: idList,
  startDate: isoDate('开始日期'),
  endDate: isoDate('截止日期'),
});

export const opinionSchema = z.object({ body: required('意见', 3000) });

export const summarySchema = z.object({ heard: required('听到的意见', 5000), actions: required('将要采取的措施', 5000) });

export const listQuery = z.object({ page });
