import dayjs from 'dayjs';
import { z } from 'zod';
import { text } from '../forms.js';

const dateTime = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `${label}格式应为 年-月-日 时:分`)
    .refine((s) => dayjs(s).isValid(), `${label}不是有效时间`)
    .transform((s) => dayjs(s).toDate());

/** POST …/appraisals/:year — open the round: who is appraised, the grades (one per line), the voting window. */
export const openRoundSchema = z
  .object({
    personIds: z.preprocess((v) => ([] as unknown[]).concat(v ?? []).map(Number), z.array(z.number().int().positive()).max(500)),
    grades: z
      .string({ error: '请填写评议等次' })
      .transform((s) => [...new Set(s.split(/[\n,，、]/).map((g) => g.trim()))].filter(Boolean))
      .refine((g) => g.length >= 2 && g.length <= 8, '评议等次应为 2 至 8 个')
      .refine((g) => g.every((x) => x.length <= 10), '每个等次不超过 10 个字'),
    opensAt: dateTime('投票开始时间'),
    closesAt: dateTime('投票结束时间'),
  })
  .refine((v) => v.closesAt > v.opensAt, { path: ['closesAt'], message: '结束时间应晚于开始时间' });

/** POST …/self — the self-appraisal. */
export const selfSchema = z.object({ selfText: text(2000).min(1, '请填写自评') });

/** The ballot's `grade_<personId>` fields, and the final grades' `final_<id>` / `comment_<id>`. */
export function fieldsByPerson(body: Record<string, unknown>, prefix: string): Record<number, string> {
  const out: Record<number, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = new RegExp(`^${prefix}_(\\d{1,9})$`).exec(k);
    if (m && typeof v === 'string') out[Number(m[1])] = v.trim().slice(0, 500);
  }
  return out;
}
