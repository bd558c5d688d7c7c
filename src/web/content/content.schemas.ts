import { z } from 'zod';
import { MAX_ID } from '../../lib/ids.js';
import { checkbox, required, rowId } from '../forms.js';

const intent = z.enum(['draft', 'submit', 'publish'], { error: '请选择保存方式' });
const baseNumber = z.coerce.number().int().min(0).max(MAX_ID).catch(0);

export const pageFormSchema = z.object({
  title: required('标题', 120),
  body: z
    .string({ error: '请填写正文' })
    .max(500_000, '正文过长')
    .refine((v) => v.replace(/<[^>]*>/g, '').trim().length > 0, '请填写正文'),
  baseNumber,
  intent,
});

export const recordMetaSchema = z.object({ baseNumber, intent });

export const reasonSchema = z.object({ reason: required('原因', 500) });
/**
 * A take-down names the published version the office saw (its form's hidden `number`), so a second click takes nothing
 * else down; `reasonPublic` shows the reason to every reader of the history, not only to the unit.
 */
export const takeDownSchema = reasonSchema.extend({ number: rowId().optional().catch(undefined), reasonPublic: checkbox });
export const restoreSchema = z.object({ number: rowId('版本无效'), intent });

export const recordListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10000).catch(1),
});

export const compareQuery = z.object({
  a: rowId().optional().catch(undefined),
  b: rowId().optional().catch(undefined),
});
