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

const ratingLine = z
  .object({
    rating: z.preprocess(
      (v) => (v === '' || v == null ? null : v),
      z.enum(RATINGS, { error: '请选择评定等级（优、良、中、差）' }).nullable(),
    ),
    comment: z.preprocess(
      (v) => v ?? '',
      z.string({ error: '评语无效' }).trim().max(RATING_COMMENT_MAX, `评语不能超过 ${RATING_COMMENT_MAX} 个字`),
    ),
  })
  .refine((l) => l.rating || !l.comment, { path: ['rating'], message: '写了评语，请同时选择等级' });

/**
 * The office's rating sheet: `rows[u<unitId>][rating]` and `rows[u<unitId>][comment]` for every unit of the quarter
 * (a key of digits only would be read as an array index by the form parser, and the unit lost).
 */
export const ratingSheet = z.object({ rows: z.record(z.string().regex(/^u\d{1,9}$/, '单位无效'), ratingLine, { error: '请填写评定表' }) });

/** The unit id of a sheet key (`u12` → 12). */
export const sheetUnitId = (key: string) => Number(key.slice(1));

/** The sheet's messages by field, `rating-<unitId>` and `comment-<unitId>`, to show beside each; others under `_form`. */
export function sheetErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const [, key, field] = issue.path.map(String);
    errors[field && key ? `${field}-${sheetUnitId(key)}` : '_form'] ??= issue.message;
  }
  return errors;
}
