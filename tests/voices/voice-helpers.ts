import { randomBytes } from 'node:crypto';
import type { VoiceCategory, VoiceMessageKind, VoiceStatus } from '../../src/generated/prisma/enums.js';
import { testDb } from '../helpers/db.js';
import { makeBranchWorld, makePerson } from '../helpers/factories.js';

/** A name nobody else in the database has, so "the page does not contain it" means something. */
export const uniqueName = (prefix: string) => `${prefix}${randomBytes(3).toString('hex')}`;

/** A branch world plus a writer (a member of the branch) with a name that appears nowhere else. */
export async function voiceWorld() {
  const w = await makeBranchWorld();
  const writer = await makePerson({
    roles: [{ role: 'MEMBER', unitId: w.branch.id }],
    homeUnitId: w.branch.id,
    displayName: uniqueName('写信人'),
  });
  return { ...w, writer };
}

/** A voice written straight into the database (for lists, counts and stats), with the messages its status implies. */
export async function makeVoice(opts: {
  unitId: number;
  authorId: number;
  answererId?: number;
  title?: string;
  body?: string;
  category?: VoiceCategory;
  anonymous?: boolean;
  publicConsent?: boolean;
  status?: VoiceStatus;
  createdAt?: Date;
  answeredAt?: Date;
  publishedAt?: Date;
}) {
  const status = opts.status ?? (opts.answeredAt ? 'ANSWERED' : 'OPEN');
  const createdAt = opts.createdAt ?? new Date();
  const answeredAt = status === 'OPEN' ? null : (opts.answeredAt ?? new Date(createdAt.getTime() + 3_600_000));
  const kinds: VoiceMessageKind[] =
    status === 'OPEN' ? [] : status === 'ANSWERED' ? ['ANSWER'] : status === 'REPLIED' ? ['ANSWER', 'REPLY'] : ['ANSWER', 'REPLY', 'FINAL'];
  return testDb().voice.create({
    data: {
      unitId: opts.unitId,
      authorId: opts.authorId,
      category: opts.category ?? 'SUGGESTION',
      title: opts.title ?? uniqueName('心声'),
      body: opts.body ?? '建议食堂增加夜班餐的品种。',
      anonymous: opts.anonymous ?? false,
      publicConsent: opts.publicConsent ?? false,
      status,
      createdAt,
      answeredAt,
      publishedAt: opts.publishedAt ?? null,
      messages: {
        create: kinds.map((kind) => ({
          kind,
          body: kind === 'REPLY' ? '谢谢答复。' : '已研究，下月起落实。',
          authorId: kind === 'REPLY' ? opts.authorId : (opts.answererId ?? opts.authorId),
          createdAt: answeredAt!,
        })),
      },
    },
  });
}
