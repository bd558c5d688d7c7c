import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';
import { queryText } from '../forms.js';

export const reviewQuery = z.object({
  location: queryText(40),
  factory: queryText(40),
  /** Look back to an earlier day instead of "since you last looked". */
  since: z
    .string()
    .refine(isCalendarDate)
    .transform((s) => new Date(`${s}T00:00:00`))
    .optional()
    .catch(undefined),
  view: z.enum(['full', 'compact', 'print']).catch('full'),
});
