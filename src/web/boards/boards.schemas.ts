import { z } from 'zod';
import { BOARD_SOURCES } from '../../domain/boards/sources.js';
import { optionalText, required, rowId } from '../forms.js';

const number = (label: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().replace(/,/g, '') : v),
    z
      .string({ error: `请填写${label}` })
      .min(1, `请填写${label}`)
      .regex(/^-?\d+(\.\d+)?$/, `${label}应为数字`)
      .transform(Number)
      .refine((n) => Math.abs(n) < 1e9, `${label}超出范围`),
  );
const optionalNumber = (label: string) => z.preprocess((v) => (v === '' || v == null ? undefined : v), number(label).optional());
const optionalId = z.preprocess((v) => (v === '' || v == null ? undefined : v), rowId().optional());

export const yearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined) });

export const targetSchema = z.object({
  year: z.coerce.number({ error: '请填写年度' }).int().min(2000, '年度无效').max(2100, '年度无效'),
  kind: z.enum(['MUST', 'CHALLENGE'], { error: '请选择目标类别' }),
  title: required('目标名称', 100),
  measure: required('衡量指标', 200),
  uom: required('计量单位', 20),
  direction: z.enum(['HIGHER', 'LOWER'], { error: '请选择方向' }),
  targetValue: number('目标值'),
  stretchValue: optionalNumber('挑战值'),
  period: z.enum(['MONTHLY', 'QUARTERLY'], { error: '请选择统计周期' }),
  valueKind: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['COUNT', 'RATE', 'NUMBER'], { error: '请选择数值类型' }).optional()),
  minValue: optionalNumber('最小值'),
  maxValue: optionalNumber('最大值'),
  earlyDays: z.preprocess(
    (v) => (v === '' || v == null ? 0 : v),
    z.coerce
      .number({ error: '提前天数应为 0–7 的整数' })
      .int('提前天数应为 0–7 的整数')
      .min(0, '提前天数应为 0–7 的整数')
      .max(7, '提前天数应为 0–7 的整数'),
  ),
  ownerName: optionalText(40),
  parentId: optionalId,
  sortOrder: z.preprocess((v) => (v === '' || v == null ? 0 : v), z.coerce.number().int().min(0).max(999)).catch(0),
  source: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(BOARD_SOURCES.map((x) => x.key) as [string, ...string[]], { error: '请选择数据来源' }).optional(),
  ),
});

export const measurementSchema = z.object({
  period: z.coerce.number({ error: '请选择统计期' }).int('请选择统计期').min(1, '请选择统计期').max(12, '请选择统计期'),
  actual: number('实际值'),
  note: optionalText(500),
  reason: optionalText(500),
});

export const selfDiagnosisSchema = z.object({
  month: z.coerce.number({ error: '请选择月份' }).int().min(1, '请选择月份').max(12, '请选择月份'),
  text: required('自我诊断', 2000),
});

export const officeEvaluationSchema = z.object({
  month: z.coerce.number({ error: '请选择月份' }).int().min(1, '请选择月份').max(12, '请选择月份'),
  rating: z.enum(['GOOD', 'FAIR', 'NEEDS_WORK', 'POOR'], { error: '请选择评价等级' }),
  text: required('评价意见', 2000),
});
