import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';

interface OnItem {
  /** A readable featured-work record (the loader checked it) and its unit. */
  itemId: number;
  unit: UnitScope;
  actor: SessionUser;
  ip?: string;
}

/** Adds a comment (plain text, escaped when shown). */
export async function addComment(db: Db, p: OnItem & { body: string }) {
  if (!can(p.actor, 'exchange.comment', p.unit)) throw new ForbiddenError();
  const body = p.body.trim();
  if (!body) throw new ValidationError({ body: '请填写评论内容' });
  return db.$transaction(async (tx) => {
    const c = await tx.exchangeComment.create({ data: { itemId: p.itemId, authorId: p.actor.id, body }, select: { id: true } });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'exchange.commented',
      entityType: 'ExchangeComment',
      entityId: c.id,
      unitId: p.unit.id,
      ip: p.ip,
      summary: `评论经验交流（记录 ${p.itemId}）：${body.slice(0, 40)}`,
    });
    return c;
  });
}

async function findComment(db: Pick<Db, 'exchangeComment'>, itemId: number, commentId: number) {
  const c = await db.exchangeComment.findFirst({
    where: { id: commentId, itemId },
    select: { id: true, authorId: true, body: true, hiddenAt: true },
  });
  if (!c) throw new NotFoundError('评论');
  return c;
}

/** Deletes a comment: only its author may. */
export async function deleteComment(db: Db, p: OnItem & { commentId: number }) {
  return db.$transaction(async (tx) => {
    const c = await findComment(tx, p.itemId, p.commentId);
    if (c.authorId !== p.actor.id) throw new ForbiddenError('只能删除自己的评论');
    await tx.exchangeComment.delete({ where: { id: c.id } });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'exchange.comment_deleted',
      entityType: 'ExchangeComment',
      entityId: c.id,
      unitId: p.unit.id,
      ip: p.ip,
      summary: `删除自己的评论：${c.body.slice(0, 40)}`,
      data: { body: c.body },
    });
  });
}

/** The office hides a comment; the reason is shown in its place to everyone. */
export async function hideComment(db: Db, p: OnItem & { commentId: number; reason: string }) {
  if (!can(p.actor, 'exchange.moderate', p.unit)) throw new ForbiddenError();
  return db.$transaction(async (tx) => {
    const c = await findComment(tx, p.itemId, p.commentId);
    if (c.hiddenAt) throw new ValidationError({ _form: '该评论已被隐藏' });
    await tx.exchangeComment.update({
      where: { id: c.id },
      data: { hiddenAt: new Date(), hiddenById: p.actor.id, hiddenReason: p.reason },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'exchange.comment_hidden',
      entityType: 'ExchangeComment',
      entityId: c.id,
      unitId: p.unit.id,
      ip: p.ip,
      summary: `隐藏评论：${p.reason}`,
      data: { body: c.body },
    });
  });
}

/** Marks the record useful for the actor, or takes the mark back; one mark per person. Returns whether it is now marked. */
export async function toggleUseful(db: Db, p: OnItem): Promise<boolean> {
  if (!can(p.actor, 'exchange.comment', p.unit)) throw new ForbiddenError();
  return db.$transaction(async (tx) => {
    const removed = await tx.exchangeMark.deleteMany({ where: { itemId: p.itemId, personId: p.actor.id } });
    if (removed.count) return false;
    await tx.exchangeMark.createMany({ data: [{ itemId: p.itemId, personId: p.actor.id }], skipDuplicates: true });
    return true;
  });
}
