import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';
import { VOICE_CATEGORIES } from '../../domain/voices/voices.labels.js';
import { checkbox, page, queryText, required } from '../forms.js';

export const writeVoiceSchema = z.object({
  unit: z.string({ error: '请选择收信单位' }).trim().min(1, '请选择收信单位').max(40),
  category: z.enum(VOICE_CATEGORIES, { error: '请选择类别' }),
  title: required('标题', 100),
  body: required('内容', 5000),
  anonymous: checkbox,
  publicConsent: checkbox,
});

export const messageSchema = z.object({ body: required('内容', 5000) });

export const consentSchema = z.object({ consent: checkbox });

export const publishSchema = z.object({ publish: checkbox });

export const inboxQuery = z.object({
  status: z.enum(['OPEN', 'ANSWERED']).optional().catch(undefined),
  category: z.enum(VOICE_CATEGORIES).optional().catch(undefined),
  page,
});

const dateParam = z.preprocess(
  (v) => (typeof v === 'string' && isCalendarDate(v) ? new Date(`${v}T00:00:00Z`) : undefined),
  z.date().optional(),
);

export const statsQuery = z.object({ from: dateParam.catch(undefined), to: dateParam.catch(undefined), unit: queryText(40) });

export const pageQuery = z.object({ page });
