import type { Db } from '../../db/client.js';
import type { ArticleCategory } from '../../generated/prisma/enums.js';
import { audit } from '../audit/audit.service.js';
import { can, type SessionUser } from '../authz/can.js';
import { richTextToPlain, sanitizeRichText } from '../content/sanitize.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { CATEGORY_LABELS } from './knowledge.labels.js';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface ArticleContent {
  category: ArticleCategory;
  title: string;
  /** Rich text as submitted: sanitized here before it is stored. */
  body: string;
}

interface Actor {
  actor: SessionUser;
  ip?: string;
}

function mustEdit(actor: SessionUser) {
  if (!can(actor, 'knowledge.edit')) throw new ForbiddenError('只有党务室可以编写党建知识');
}

/** Appends revision `head + 1` with this content and makes it the article's current text (inside `tx`). */
async function appendRevision(tx: Tx, articleId: number, head: number, c: ArticleContent & { restoredFrom?: number }, p: Actor) {
  const body = sanitizeRichText(c.body);
  const bodyText = richTextToPlain(body);
  if (!bodyText) throw new ValidationError({ body: '请填写正文' });
  const number = head + 1;
  await tx.articleRevision.create({
    data: { articleId, number, category: c.category, title: c.title, body, authorId: p.actor.id, restoredFrom: c.restoredFrom ?? null },
  });
  await tx.article.update({
    where: { id: articleId },
    data: { category: c.category, title: c.title, body, bodyText, headNumber: number, updatedById: p.actor.id },
  });
  await audit(tx, {
    actorId: p.actor.id,
    action: number === 1 ? 'knowledge.created' : c.restoredFrom ? 'knowledge.restored' : 'knowledge.revised',
    entityType: 'Article',
    entityId: articleId,
    ip: p.ip,
    summary: `${number === 1 ? '新建' : '修订'}党建知识（${CATEGORY_LABELS[c.category]}）：${c.title}（第 ${number} 版${c.restoredFrom ? `，恢复自第 ${c.restoredFrom} 版` : ''}）`,
  });
  return number;
}

/** Locks the article for the rest of the transaction, so two saves cannot both build on the same head. */
async function lockArticle(tx: Tx, id: number) {
  await tx.$queryRaw`SELECT id FROM "Article" WHERE id = ${id} FOR UPDATE`;
  const article = await tx.article.findUnique({ where: { id }, select: { id: true, headNumber: true } });
  if (!article) throw new NotFoundError('文章');
  return article;
}

/** Creates an article with its first revision. */
export async function createArticle(db: Db, p: Actor & ArticleContent) {
  mustEdit(p.actor);
  return db.$transaction(async (tx) => {
    const a = await tx.article.create({
      data: { category: p.category, title: p.title, body: '', bodyText: '', createdById: p.actor.id, updatedById: p.actor.id },
      select: { id: true },
    });
    await appendRevision(tx, a.id, 0, p, p);
    return { id: a.id, number: 1 };
  });
}

/**
 * Saves an edit as a new revision. The form says which revision it was loaded from: when someone saved a newer one
 * meanwhile, the save is refused with that revision attached, so nothing is overwritten silently.
 */
export async function reviseArticle(db: Db, p: Actor & ArticleContent & { id: number; baseNumber: number }) {
  mustEdit(p.actor);
  return db.$transaction(async (tx) => {
    const a = await lockArticle(tx, p.id);
    if (p.baseNumber < a.headNumber) {
      const head = await tx.articleRevision.findUniqueOrThrow({ where: { articleId_number: { articleId: a.id, number: a.headNumber } } });
      throw new ConflictError('在您编辑期间，已有他人保存了新的版本', head);
    }
    return { id: a.id, number: await appendRevision(tx, a.id, a.headNumber, p, p) };
  });
}

/** Restores an old revision by saving its content again as the newest revision; history is never rewritten. */
export async function restoreArticle(db: Db, p: Actor & { id: number; number: number }) {
  mustEdit(p.actor);
  return db.$transaction(async (tx) => {
    const a = await lockArticle(tx, p.id);
    const old = await tx.articleRevision.findUnique({ where: { articleId_number: { articleId: a.id, number: p.number } } });
    if (!old) throw new ValidationError({ number: '没有这个版本' });
    if (old.number === a.headNumber) throw new ValidationError({ number: '这已经是当前版本' });
    return { id: a.id, number: await appendRevision(tx, a.id, a.headNumber, { ...old, restoredFrom: old.number }, p) };
  });
}
