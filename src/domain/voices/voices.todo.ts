import { hasGlobalRole, unitsWithRole } from '../authz/can.js';
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
