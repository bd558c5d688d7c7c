import type { ArticleCategory } from '../../generated/prisma/enums.js';

export const ARTICLE_CATEGORIES = ['BASICS', 'GUIDES', 'GRASSROOTS'] as const satisfies readonly ArticleCategory[];

export const CATEGORY_LABELS: Record<ArticleCategory, string> = {
  BASICS: '党的基本知识',
  GUIDES: '党务工作指南',
  GRASSROOTS: '基层组织建设',
};
