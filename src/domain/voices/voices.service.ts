import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { VoiceCategory, VoiceMessageKind } from '../../generated/prisma/enums.js';
import { ANONYMOUS_ACTION_SUFFIX, audit } from '../audit/audit.service.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { randomVoiceId, writtenOn } from './anonymity.js';
import { isWriter } from './voice.policy.js';
import { CATEGORY_LABELS } from './voices.labels.js';

type Tx = Prisma.TransactionClient;

/** The kinds of unit one may write to: the committee and the branches (party groups answer through their branch). */
export const RECIPIENT_KINDS = ['COMMITTEE', 'GENERAL_BRANCH', 'BRANCH'] as const;

/** The writer's own actions on an anonymous voice are logged with the actor, shown only to the administrator. */
const writerAction = (action: string, anonymous: boolean) => (anonymous ? action + ANONYMOUS_ACTION_SUFFIX : action);

async function loadVoice(tx: Tx, id: number) {
  const v = await tx.voice.findUnique({
    where: { id },
    select: { id: true, unitId: true, authorId: true, anonymous: true, status: true, title: true, publicConsent: true, publishedAt: true },
  });
  if (!v) throw new NotFoundError('心声');
  return v;
}

/** Writes a voice to a unit; anonymous voices keep the author (for the writer and the audit log), never shown to recipients. */
export async function writeVoice(
  db: Db,
  p: {
    author: SessionUser;
    unitCode: string;
    category: VoiceCategory;
    title: string;
    body: string;
    anonymous: boolean;
    publicConsent: boolean;
    ip?: string;
  },
) {
  return db.$transaction(async (tx) => {
    const unit = await tx.unit.findFirst({
      where: { code: p.unitCode, kind: { in: [...RECIPIENT_KINDS] }, archivedAt: null },
      select: { id: true, name: true },
    });
    if (!unit) throw new ValidationError({ unit: '请选择一个有效的收信单位' });
    // An anonymous voice keeps only its day and a random id (anonymity.ts); the audit log keeps the moment.
    const hidden = p.anonymous ? { id: await randomVoiceId(tx), createdAt: writtenOn(), updatedAt: writtenOn() } : {};
    const voice = await tx.voice.create({
      data: {
        ...hidden,
        unitId: unit.id,
        authorId: p.author.id,
        category: p.category,
        title: p.title,
        body: p.body,
        anonymous: p.anonymous,
        publicConsent: p.publicConsent,
      },
    });
    await audit(tx, {
      actorId: p.author.id,
      action: writerAction('voice.written', p.anonymous),
      entityType: 'Voice',
      entityId: voice.id,
      unitId: unit.id,
      summary: `${p.anonymous ? '匿名' : ''}写给${unit.name}（${CATEGORY_LABELS[p.category]}）：${p.title.slice(0, 40)}`,
      ip: p.ip,
    });
    return voice;
  });
}

/**
 * The recipient answers (each state moves once: the conditional update is the lock, the unique message kind the
 * backstop): the first answer (which stops the response clock), or, after the writer's reply,
 * the final answer that closes the conversation. Nothing in between.
 */
export async function answerVoice(db: Db, p: { voiceId: number; unit: UnitScope; actor: SessionUser; body: string; ip?: string }) {
  if (!can(p.actor, 'voice.answer', p.unit)) throw new ForbiddenError('只有收信单位的书记可以答复');
  return db.$transaction(async (tx) => {
    const v = await loadVoice(tx, p.voiceId);
    if (v.unitId !== p.unit.id) throw new NotFoundError('心声');
    if (v.status === 'ANSWERED') throw new ValidationError({ _form: '已经答复，写信人回复后才可以作最终答复' });
    if (v.status === 'CLOSED') throw new ValidationError({ _form: '已作最终答复，不能再答复' });
    const kind: VoiceMessageKind = v.status === 'OPEN' ? 'ANSWER' : 'FINAL';
    const now = new Date();
    const moved = await tx.voice.updateMany({
      where: { id: v.id, status: v.status },
      data: kind === 'ANSWER' ? { status: 'ANSWERED', answeredAt: now } : { status: 'CLOSED' },
    });
    if (!moved.count) throw new ValidationError({ _form: '该心声已被他人答复，请刷新页面查看' });
    await tx.voiceMessage.create({ data: { voiceId: v.id, kind, body: p.body, authorId: p.actor.id } });
    await audit(tx, {
      actorId: p.actor.id,
      action: kind === 'ANSWER' ? 'voice.answered' : 'voice.final_answered',
      entityType: 'Voice',
      entityId: v.id,
      unitId: v.unitId,
      summary: `${kind === 'ANSWER' ? '答复' : '最终答复'}心声：${v.title.slice(0, 40)}`,
      ip: p.ip,
    });
    return kind;
  });
}

/** The writer replies to the answer, once. */
export async function replyToVoice(db: Db, p: { voiceId: number; actor: SessionUser; body: string; ip?: string }) {
  return db.$transaction(async (tx) => {
    const v = await loadVoice(tx, p.voiceId);
    if (!isWriter(p.actor, v)) throw new ForbiddenError('只有写信人可以回复');
    if (v.status === 'OPEN') throw new ValidationError({ _form: '尚未收到答复，收到答复后才可以回复' });
    if (v.status !== 'ANSWERED') throw new ValidationError({ _form: '您已经回复过一次，不能再次回复' });
    const moved = await tx.voice.updateMany({ where: { id: v.id, status: 'ANSWERED' }, data: { status: 'REPLIED' } });
    if (!moved.count) throw new ValidationError({ _form: '您已经回复过一次，不能再次回复' });
    await tx.voiceMessage.create({
      data: { voiceId: v.id, kind: 'REPLY', body: p.body, authorId: p.actor.id, ...(v.anonymous ? { createdAt: writtenOn() } : {}) },
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: writerAction('voice.replied', v.anonymous),
      entityType: 'Voice',
      entityId: v.id,
      unitId: v.unitId,
      summary: `写信人回复：${v.title.slice(0, 40)}`,
      ip: p.ip,
    });
  });
}

/** The writer gives or withdraws consent to publication; withdrawing takes a public voice down at once. */
export async function setVoiceConsent(db: Db, p: { voiceId: number; actor: SessionUser; consent: boolean; ip?: string }) {
  return db.$transaction(async (tx) => {
    const v = await loadVoice(tx, p.voiceId);
    if (!isWriter(p.actor, v)) throw new ForbiddenError('只有写信人可以决定是否同意公开');
    await tx.voice.update({ where: { id: v.id }, data: p.consent ? { publicConsent: true } : { publicConsent: false, publishedAt: null } });
    await audit(tx, {
      actorId: p.actor.id,
      action: writerAction(p.consent ? 'voice.consent_given' : 'voice.consent_withdrawn', v.anonymous),
      entityType: 'Voice',
      entityId: v.id,
      unitId: v.unitId,
      summary: `${p.consent ? '同意' : '不同意'}公开：${v.title.slice(0, 40)}${!p.consent && v.publishedAt ? '（已撤回公开）' : ''}`,
      ip: p.ip,
    });
  });
}

/** The recipient makes an answered voice public (only with the writer's consent), or takes it back. */
export async function publishVoice(db: Db, p: { voiceId: number; unit: UnitScope; actor: SessionUser; publish: boolean; ip?: string }) {
  if (!can(p.actor, 'voice.answer', p.unit)) throw new ForbiddenError('只有收信单位的书记可以公开心声');
  return db.$transaction(async (tx) => {
    const v = await loadVoice(tx, p.voiceId);
    if (v.unitId !== p.unit.id) throw new NotFoundError('心声');
    if (p.publish) {
      if (v.status === 'OPEN') throw new ValidationError({ _form: '尚未答复的心声不能公开' });
      if (!v.publicConsent) throw new ValidationError({ _form: '写信人没有同意公开，不能公开' });
    }
    // Conditional on the state it moves from: a consent withdrawn a moment ago still wins, and a form sent twice
    // (or by two people at once) publishes once, audited once.
    const where = p.publish
      ? { id: v.id, publishedAt: null, publicConsent: true, status: { not: 'OPEN' as const } }
      : { id: v.id, publishedAt: { not: null } };
    const done = await tx.voice.updateMany({ where, data: { publishedAt: p.publish ? new Date() : null } });
    if (!done.count) {
      const now = await tx.voice.findUniqueOrThrow({ where: { id: v.id }, select: { publishedAt: true, publicConsent: true } });
      if (p.publish && now.publishedAt) throw new ValidationError({ _form: '该心声已经公开' });
      if (!p.publish) throw new ValidationError({ _form: '该心声没有公开' });
      throw new ValidationError({ _form: '写信人没有同意公开，不能公开' });
    }
    await audit(tx, {
      actorId: p.actor.id,
      action: p.publish ? 'voice.published' : 'voice.unpublished',
      entityType: 'Voice',
      entityId: v.id,
      unitId: v.unitId,
      summary: `${p.publish ? '公开' : '取消公开'}心声：${v.title.slice(0, 40)}`,
      ip: p.ip,
    });
  });
}
