import { z } from 'zod';
import { RATING_COMMENT_MAX, RATINGS } from '../../domain/stats/quality.js';

/** `/stats/:year/:quarter`: a four-digit year from 2000 and a quarter 1–4; anything else is not a page (404). */
export const quarterParams = z.object({
  year: z
    .string()
    .regex(/^\d{4}$/)
    .transform(Number)
    .pipe(z.number().int().min(2000).max(2100)),
  quarter: z
    .string()
    .regex(/^[1-4]$/)
    .transform(Number),
});

/** `/stats?year=&quarter=`: the quarter picker; invalid values are ignored. */
export const pickQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  quarter: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
});

export const rateSchema = z.object({
  unitId: z.coerce.number({ error: '请选择单位' }).int('请选择单位').positive('请选择单位'),
  rating: z.enum(RATINGS, { error: '请选择评定等级（优、良、中、差）' }),
  comment: z.preprocess(
    (v) => v ?? '',
    z.string({ error: '评语无效' }).trim().max(RATING_COMMENT_MAX, `评语不能超过 ${RATING_COMMENT_MAX} 个字`),
  ),
});
