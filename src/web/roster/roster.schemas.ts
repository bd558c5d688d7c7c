import { z } from 'zod';
import { RECRUITMENT_STAGES } from '../../domain/roster/roster.service.js';
import { isCalendarDate, localToday } from '../../lib/dates.js';
import { optionalText, rowId } from '../forms.js';

/** POST …/recruitment — a person of the unit reached their next stage on a date. */
export const recruitmentStepSchema = z.object({
  personId: rowId('请选择人员'),
  stage: z.enum(RECRUITMENT_STAGES, { error: '请选择发展阶段' }),
  reachedOn: z
    .string({ error: '请填写日期' })
    .trim()
    .min(1, '请填写日期')
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日')
    .refine(isCalendarDate, '日期不是有效日期')
    .refine((s) => s <= localToday(), '日期不能晚于今天'),
  note: optionalText(200),
});
