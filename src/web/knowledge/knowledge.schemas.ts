import { z } from 'zod';
import { ARTICLE_CATEGORIES } from '../../domain/knowledge/knowledge.labels.js';
import { pageFormSchema } from '../content/content.schemas.js';
import { page, queryText, required, rowId } from '../forms.js';

export const articleSchema = z.object({
  category: z.enum(ARTICLE_CATEGORIES, { error: '请选择分类' }),
  title: required('标题', 120),
  body: pageFormSchema.shape.body,
  baseNumber: z.coerce.number().int().min(0).catch(0),
});

export const restoreSchema = z.object({ number: rowId('请选择版本') });

export const listQuery = z.object({
  q: queryText(50),
  category: z.enum(ARTICLE_CATEGORIES).optional().catch(undefined),
  page,
});
