import type { Db } from '../../db/client.js';
import { hasGlobalRole, unitsWithRole, type SessionUser } from '../authz/can.js';
import type { TodoSource } from '../sites/todo-parts.js';
import type { VoiceCategory } from '../../generated/prisma/enums.js';
import { CATEGORY_LABELS } from './voices.labels.js';

/**
 * Voices not yet answered in the units the person answers for: as secretary, and the committee's for the office.
 * Oldest first (the response time runs from the day it was written). Nothing to show for anyone else.
 */
export const voicesToAnswer: TodoSource = async (db, user, limit) => {
  const units = unitsWithRole(user, ['SECRETARY']);
  const office = hasGlobalRole(user, 'OFFICE');
  if (!units.length && !office) return null;
  const rows = await db.$queryRaw<{ id: number; title: string; category: VoiceCategory; createdAt: Date; unitName: string }[]>`
    SELECT v.id, v.title, v.category, v."createdAt", u.name AS "unitName"
      FROM "Voice" v JOIN "Unit" u ON u.id = v."unitId"
     WHERE v.status = 'OPEN' AND (v."unitId" = ANY(${units}::int[]) OR (${office} AND u.kind = 'COMMITTEE'))
     ORDER BY v."createdAt" ASC, v.id ASC
     LIMIT ${limit}`;
  return {
    id: 'voices',
    title: '待答复的心声',
    hint: '写给本单位、尚未答复的党员心声和群众意见：请及时答复。',
    fromLabel: '写给',
    atLabel: '来信时间',
    lines: rows.map((v) => ({
      text: v.title,
      href: `/voices/${v.id}`,
      from: v.unitName,
      at: v.createdAt,
      note: CATEGORY_LABELS[v.category],
    })),
  };
};

/** The writer's own voices with an answer they have not opened yet (newest answer first); for everyone who writes. */
export const answeredVoices: TodoSource = async (db, user, limit) => {
  const rows = await db.$queryRaw<{ id: number; title: string; unitName: string; answers: number; at: Date }[]>`
    SELECT v.id, v.title, u.name AS "unitName", a.answers, a.at
      FROM "Voice" v
      JOIN "Unit" u ON u.id = v."unitId"
      JOIN LATERAL (SELECT count(*)::int AS answers, max(m."createdAt") AS at FROM "VoiceMessage" m
                     WHERE m."voiceId" = v.id AND m.kind IN ('ANSWER', 'FINAL')) a ON a.answers > v."authorSeen"
     WHERE v."authorId" = ${user.id}
     ORDER BY a.at DESC, v.id DESC
     LIMIT ${limit}`;
  return {
    id: 'answered',
    title: '已答复的心声',
    hint: '您写的心声有了新的答复：打开查看后从这里移除。',
    fromLabel: '写给',
    atLabel: '答复时间',
    lines: rows.map((v) => ({
      text: v.title,
      href: `/voices/${v.id}`,
      from: v.unitName,
      at: v.at,
      note: v.answers > 1 ? '最终答复' : '已答复',
    })),
  };
};

/** The writer opened the voice: the answers it has now count as read (no write when there is nothing new). */
export async function answersSeen(db: Db, voice: { id: number; authorId: number }, user: SessionUser): Promise<void> {
  if (user.id !== voice.authorId) return;
  await db.$executeRaw`
    UPDATE "Voice" v SET "authorSeen" = a.answers
      FROM (SELECT count(*)::int AS answers FROM "VoiceMessage" WHERE "voiceId" = ${voice.id} AND kind IN ('ANSWER', 'FINAL')) a
     WHERE v.id = ${voice.id} AND v."authorSeen" < a.answers`;
}
