import { z } from 'zod';
import { queryText } from '../forms.js';

export const reviewQuery = z.object({
  location: queryText(40),
  factory: queryText(40),
  /** Look back to an earlier day instead of "since you last looked". */
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .transform((s) => new Date(`${s}T00:00:00`))
    .refine((d) => !Number.isNaN(d.getTime()))
    .optional()
    .catch(undefined),
  view: z.enum(['full', 'compact', 'print']).catch('full'),
});
