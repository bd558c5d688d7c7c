import type { Db } from '../../db/client.js';
import { likePattern } from '../search/query.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { ArticleCategory } from '../../generated/prisma/enums.js';
import { names } from '../content/content.queries.js';

export const ARTICLE_PAGE_SIZE = 20;

export interface ArticleListRow {
  id: number;
  category: ArticleCategory;
  title: string;
  updatedAt: Date;
  snippet: string;
}

/**
 * Articles newest first, by category, and matching `q` in the title or the body's text. Chinese has no word
 * boundaries, so the match is a plain substring (ILIKE, wildcards escaped): one character or a phrase both work.
 * The snippet starts a little before the first match in the body. Three queries whatever the number of articles.
 */
export async function articleList(db: Db, f: { q?: string; category?: ArticleCategory; page: number; pageSize?: number }) {
  const size = f.pageSize ?? ARTICLE_PAGE_SIZE;
  const pattern = f.q ? likePattern(f.q) : null;
  const conds: Prisma.Sql[] = [];
  if (f.category) conds.push(Prisma.sql`"category" = ${f.category}::"ArticleCategory"`);
  if (pattern) conds.push(Prisma.sql`("title" ILIKE ${pattern} ESCAPE '\\' OR "bodyText" ILIKE ${pattern} ESCAPE '\\')`);
  const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, ' AND ')}` : Prisma.empty;
  const from = f.q ? Prisma.sql`greatest(strpos(lower("bodyText"), lower(${f.q})) - 30, 1)` : Prisma.sql`1`;
  const [rows, counted, byCategory] = await Promise.all([
    db.$queryRaw<
      ArticleListRow[]
    >`SELECT "id", "category"::text AS "category", "title", "updatedAt", substr("bodyText", ${from}, 140) AS "snippet"
      FROM "Article" ${where} ORDER BY "updatedAt" DESC, "id" DESC LIMIT ${size} OFFSET ${(f.page - 1) * size}`,
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS "n" FROM "Article" ${where}`,
    db.article.groupBy({ by: ['category'], _count: { _all: true } }),
  ]);
  const total = counted[0]?.n ?? 0;
  const counts = Object.fromEntries(byCategory.map((c) => [c.category, c._count._all])) as Partial<Record<ArticleCategory, number>>;
  return { rows, total, pages: Math.max(1, Math.ceil(total / size)), counts };
}

/** Pieces of `text` with the (case-insensitive) occurrences of `q` marked, for highlighting in a snippet. */
export function highlight(text: string, q: string | undefined): { text: string; hit: boolean }[] {
  if (!q) return [{ text, hit: false }];
  const out: { text: string; hit: boolean }[] = [];
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0 && needle; i = lower.indexOf(needle, at)) {
    if (i > at) out.push({ text: text.slice(at, i), hit: false });
    out.push({ text: text.slice(i, i + needle.length), hit: true });
    at = i + needle.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}

/** One article as its page shows it, with who wrote it first and who changed it last. */
export async function articleDetail(db: Db, id: number) {
  const article = await db.article.findUnique({
    where: { id },
    select: {
      id: true,
      category: true,
      title: true,
      body: true,
      headNumber: true,
      createdById: true,
      updatedById: true,
      createdAt: true,
      updatedAt: true,
    },
  });
  if (!article) return null;
  return { ...article, who: await names(db, [article.createdById, article.updatedById]) };
}

export type ArticleDetail = NonNullable<Awaited<ReturnType<typeof articleDetail>>>;

/** Every revision of an article, newest first, with the authors' names. */
export async function articleRevisions(db: Db, articleId: number) {
  const rows = await db.articleRevision.findMany({
    where: { articleId },
    orderBy: { number: 'desc' },
    select: { id: true, number: true, category: true, title: true, authorId: true, createdAt: true, restoredFrom: true },
  });
  return {
    rows,
    who: await names(
      db,
      rows.map((r) => r.authorId),
    ),
  };
}

/** Two revisions of an article, for the side-by-side comparison; null when either does not exist. */
export async function articleRevisionPair(db: Db, articleId: number, a: number, b: number) {
  const rows = await db.articleRevision.findMany({ where: { articleId, number: { in: [a, b] } } });
  const left = rows.find((r) => r.number === a);
  const right = rows.find((r) => r.number === b);
  if (!left || !right) return null;
  return { left, right, who: await names(db, [left.authorId, right.authorId]) };
}
