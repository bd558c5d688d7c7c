import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';
import { optionalText, page, queryText, required, rowId } from '../forms.js';

const isoDate = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 年-月-日`)
    .refine(isCalendarDate, `${label}不是有效日期`)
    .transform((s) => new Date(`${s}T00:00:00Z`));

export const startInspectionSchema = z.object({
  unit: z.string({ error: '请选择被检查的支部' }).min(1, '请选择被检查的支部').max(40),
  visitDate: isoDate('检查日期'),
  inspectors: required('检查人员', 200),
  scope: required('检查范围', 500),
  notes: optionalText(5000),
});

export const findingSchema = z.object({
  text: required('问题描述', 2000),
  severity: z.enum(['MINOR', 'MAJOR', 'SERIOUS'], { error: '请选择问题等级' }),
  moduleId: z.preprocess((v) => (v === '' || v == null ? undefined : v), rowId().optional()),
  targetId: z.preprocess((v) => (v === '' || v == null ? undefined : v), rowId().optional()),
  dueDate: isoDate('整改期限'),
});

export const notesSchema = z.object({ notes: optionalText(5000) });

const optionalDate = z.preprocess(
  (v) => (typeof v === 'string' && isCalendarDate(v) ? new Date(`${v}T00:00:00Z`) : undefined),
  z.date().optional(),
);

export const inspectionListQuery = z.object({
  unit: queryText(40),
  status: z.enum(['OPEN', 'CLOSED']).optional().catch(undefined),
  from: optionalDate.catch(undefined),
  to: optionalDate.catch(undefined),
  page,
});
