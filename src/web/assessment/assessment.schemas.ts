import { z } from 'zod';
import { CriterionMethod } from '../../generated/prisma/enums.js';
import { checkbox, optionalText, required } from '../forms.js';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const number = (label: string) => z.coerce.number({ error: `${label}请填写数字` });

export const criterionSchema = z
  .object({
    title: required('考核内容', 60),
    method: z.enum(Object.values(CriterionMethod) as [CriterionMethod, ...CriterionMethod[]], { error: '请选择计分方式' }),
    weight: z.preprocess(blank, number('权重').min(0, '权重不能为负数').max(1000, '权重不能超过 1000')),
    maxScore: z.preprocess(blank, number('满分').gt(0, '满分必须大于 0').max(1000, '满分不能超过 1000')),
    norm: z.preprocess(blank, number('满分所需条数').gt(0, '满分所需条数必须大于 0').max(100000).optional()),
  })
  .refine((v) => v.method !== 'INFO_UPDATES' || v.norm != null, { path: ['norm'], message: '信息报送须填写满分所需的条数（大于 0）' });

export const createSchemeSchema = z.object({ note: optionalText(500), copyPrevious: checkbox });

/** The field names of a hand-scored cell of the sheet. */
export const cellKey = (unitId: number, criterionId: number) => `${unitId}_${criterionId}`;

/**
 * The hand scores of a sheet: one score and one comment per branch and MANUAL criterion, each score between 0
 * and the criterion's maximum; an empty score clears the cell, a comment needs a score.
 */
export function handScoresSchema(
  cells: { unitId: number; criterion: { id: number; title: string; maxScore: number }; unitName: string }[],
) {
  const shape: Record<string, z.ZodType> = {};
  for (const c of cells) {
    const k = cellKey(c.unitId, c.criterion.id);
    const what = `${c.unitName}“${c.criterion.title}”`;
    shape[`score_${k}`] = z.preprocess(
      blank,
      number(`${what}的得分`)
        .min(0, `${what}的得分不能小于 0`)
        .max(c.criterion.maxScore, `${what}的得分不能超过满分 ${c.criterion.maxScore} 分`)
        .optional(),
    );
    shape[`comment_${k}`] = optionalText(500);
  }
  return z.object(shape).superRefine((v: Record<string, unknown>, ctx) => {
    for (const c of cells) {
      const k = cellKey(c.unitId, c.criterion.id);
      if (v[`comment_${k}`] && v[`score_${k}`] == null)
        ctx.addIssue({
          code: 'custom',
          path: [`score_${k}`],
          message: `${c.unitName}“${c.criterion.title}”填写了评分说明，请同时填写得分`,
        });
    }
  });
}
