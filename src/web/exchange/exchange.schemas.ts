import { z } from 'zod';
import { page, queryText, required } from '../forms.js';

export const listQuery = z.object({ unit: queryText(40), page });

export const commentSchema = z.object({ body: required('评论内容', 1000) });

export const hideSchema = z.object({ reason: required('隐藏原因', 200) });
