import { z } from 'zod';
import { OBLIGATION_KINDS } from '../../domain/orglife/kinds.js';
import { checkbox, required } from '../forms.js';

const KIND_KEYS = OBLIGATION_KINDS.map((k) => k.key) as [string, ...string[]];

export const orgLifeQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined) });

/** POST /units/:code/org-life/obligations — one kind's frequency; an obligation must say how often it is owed. */
export const obligationSchema = z.object({
  kind: z.enum(KIND_KEYS, { error: '请选择组织生活类型' }),
  frequency: z.enum(['MONTHLY', 'QUARTERLY', 'YEARLY'], { error: '请选择频次（每月、每季度或每年）' }),
  active: checkbox,
});

/** POST /units/:code/org-life/excuses — the office accepts a reason for one period. */
export const excuseSchema = z.object({
  kind: z.enum(KIND_KEYS, { error: '请选择组织生活类型' }),
  groupId: z.coerce.number().int().min(0).max(2_147_483_647).catch(0),
  period: z.string({ error: '期间无效' }).trim().max(10),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  reason: required('认可的原因', 200),
});
