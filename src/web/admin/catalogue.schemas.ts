import { z } from 'zod';
import { RECORD_TYPE_LABELS } from '../../domain/sites/catalogue.data.js';
import { required } from '../forms.js';

const section = z.enum(['FOUNDATION', 'PRIORITIES', 'REVIEW'], { error: '请选择所属板块' });
const cadence = z.enum(['MONTHLY', 'QUARTERLY', 'YEARLY', 'ON_EVENT'], { error: '请选择更新周期' });

export const moduleEditSchema = z.object({
  title: required('模块名称', 40),
  description: required('说明', 200),
  section,
  cadence,
});

export const moduleAddSchema = moduleEditSchema
  .extend({
    key: z
      .string({ error: '请填写模块标识' })
      .trim()
      .regex(/^[a-z][a-z0-9-]{1,39}$/, '模块标识只能用小写字母、数字和连字符，以字母开头，2 至 40 位'),
    kind: z.enum(['PAGE', 'RECORDS', 'BOARD', 'ROSTER', 'LINKED'], { error: '请选择模块类型' }),
    recordType: z.string().optional(),
    linkedFeature: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'RECORDS' && !(v.recordType && v.recordType in RECORD_TYPE_LABELS))
      ctx.addIssue({ code: 'custom', path: ['recordType'], message: '记录类模块须选择记录类型' });
    if (v.kind === 'LINKED' && !v.linkedFeature)
      ctx.addIssue({ code: 'custom', path: ['linkedFeature'], message: '关联类模块须选择关联的功能' });
  });

export const moveSchema = z.object({ direction: z.enum(['up', 'down'], { error: '方向无效' }) });
export const retireSchema = z.object({ retired: z.enum(['true', 'false'], { error: '操作无效' }).transform((v) => v === 'true') });
