import { z } from 'zod';
import { MAX_ID } from '../lib/ids.js';

z.config(z.locales.zhCN());

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string>; values: Record<string, unknown> };

/** Validates a submitted form against its schema; on failure returns per-field Chinese messages and the values as sent. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values: (body ?? {}) as Record<string, unknown> };
}

/** Form text: trimmed; empty becomes undefined so optional fields stay optional. */
export const text = (max = 200) => z.string().trim().max(max, `不能超过 ${max} 个字`);
export const required = (label: string, max = 200) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字`);
export const optionalText = (max = 200) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), text(max).optional());
export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1' || v === true, z.boolean());
export const page = z.coerce.number().int().min(1).max(100000).catch(1);
/** The id of a row chosen in a form (a select's value): a whole number that the database's integer ids can hold. */
export const rowId = (message?: string) => z.coerce.number({ error: message }).int(message).positive(message).max(MAX_ID, message);
/** A query-string value that must be a single string; arrays and objects fall back to undefined. */
export const queryText = (max = 100) => z.string().trim().max(max).optional().catch(undefined);
