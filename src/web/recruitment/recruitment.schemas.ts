import { z } from 'zod';
import { STEP_KINDS } from '../../domain/recruitment/timeline.js';
import { isCalendarDate, localToday } from '../../lib/dates.js';
import { optionalText, rowId } from '../forms.js';

const count = (label: string, max: number) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v),
    z.coerce
      .number({ error: `${label}应为整数` })
      .int(`${label}应为整数`)
      .min(0, `${label}不能为负数`)
      .max(max, `${label}不能超过 ${max}`)
      .nullable(),
  );

/** POST /units/:code/recruitment — a step of a person's way in, on a day, with its document. */
export const recruitmentEventSchema = z.object({
  personId: rowId('请选择人员'),
  kind: z.enum(STEP_KINDS, { error: '请选择步骤' }),
  on: z
    .string({ error: '请填写日期' })
    .trim()
    .min(1, '请填写日期')
    .refine(isCalendarDate, '日期格式应为 年-月-日')
    .refine((s) => s <= localToday(), '日期不能晚于今天'),
  document: optionalText(200),
  note: optionalText(500),
  days: count('培训天数', 365),
  hours: count('培训学时', 2000),
  months: count('延长月数', 12),
  exceptionReason: optionalText(500),
});
