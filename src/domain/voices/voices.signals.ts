import type { ChangeSource } from '../review/changes.js';
import type { SignalSource } from '../review/signals.js';
import { CATEGORY_LABELS } from './voices.labels.js';
import type { VoiceCategory } from '../../generated/prisma/enums.js';

/** Voices to each branch that have no answer yet (the morning review's 未答复心声). One query. */
export const voiceSignals: SignalSource = async (db, q) => {
  const rows = await db.voice.groupBy({ by: ['unitId'], where: { status: 'OPEN', unitId: { in: q.branchIds } }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.unitId, { unansweredVoices: r._count._all }]));
};

interface AnswerRow {
  unitId: number;
  at: Date;
  voiceId: number;
  category: VoiceCategory;
  kind: 'ANSWER' | 'FINAL';
  by: string | null;
  published: boolean;
}

/**
 * Answers given to voices, for the changes feed and "since you last looked". The feed is readable by everyone,
 * so an entry names only the category and the answerer, never the voice's title or its writer; it links to the voice
 * only for those who may open it (everyone once it is public, else the recipients).
 */
export const voiceAnswerChanges: ChangeSource = async (db, q) => {
  const rows = await db.$queryRaw<AnswerRow[]>`
    SELECT v."unitId", m."createdAt" AS at, v.id AS "voiceId", v.category, m.kind, p."displayName" AS by,
           v."publishedAt" IS NOT NULL AS published
      FROM "VoiceMessage" m
      JOIN "Voice" v ON v.id = m."voiceId"
      LEFT JOIN "Person" p ON p.id = m."authorId"
     WHERE m.kind IN ('ANSWER', 'FINAL')
       AND (${q.unitIds ?? null}::int[] IS NULL OR v."unitId" = ANY(${q.unitIds ?? null}::int[]))
       AND (${q.since ?? null}::timestamp IS NULL OR m."createdAt" >= ${q.since ?? null}::timestamp)
     ORDER BY m."createdAt" DESC
     LIMIT ${q.limit}`;
  return rows.map((r) => ({
    unitId: r.unitId,
    at: new Date(r.at),
    kind: 'answer' as const,
    title: `${r.kind === 'ANSWER' ? '答复' : '最终答复'}一条心声（${CATEGORY_LABELS[r.category]}）`,
    by: r.by,
    href: `/voices/${r.voiceId}`,
    ...(r.published ? {} : { openTo: 'voice.inbox' as const }),
  }));
};
