import type { Db } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { VoiceCategory, VoiceStatus } from '../../generated/prisma/enums.js';
import type { UnitResponseRow } from './voice-stats.js';
import { RECIPIENT_KINDS } from './voices.service.js';

export const PAGE_SIZE = 20;

const MESSAGES = { orderBy: { id: 'asc' }, select: { id: true, kind: true, body: true, authorId: true, createdAt: true } } as const;
const VOICE = {
  id: true,
  unitId: true,
  authorId: true,
  category: true,
  title: true,
  body: true,
  anonymous: true,
  publicConsent: true,
  status: true,
  answeredAt: true,
  publishedAt: true,
  createdAt: true,
} as const;

interface Named {
  authorId: number;
  anonymous: boolean;
  messages?: { authorId: number; kind: string }[];
}

/**
 * The names a list may show, in one query: writers of voices that are not anonymous, and the answerers.
 * An anonymous writer's id is never even looked up, so no page can show their name by mistake; the writer's
 * own reply on an anonymous voice is labelled by its role, not by a name.
 */
async function namesFor(db: Db, voices: Named[]) {
  const ids = new Set<number>();
  const hidden = new Set(voices.filter((v) => v.anonymous).map((v) => v.authorId));
  for (const v of voices) {
    if (!v.anonymous) ids.add(v.authorId);
    for (const m of v.messages ?? []) if (m.kind !== 'REPLY' && !hidden.has(m.authorId)) ids.add(m.authorId);
  }
  const people = ids.size ? await db.person.findMany({ where: { id: { in: [...ids] } }, select: { id: true, displayName: true } }) : [];
  const nameOf = new Map(people.map((p) => [p.id, p.displayName]));
  return <T extends Named>(v: T) => ({
    ...v,
    authorName: v.anonymous ? null : (nameOf.get(v.authorId) ?? null),
    messages: (v.messages ?? []).map((m) => ({
      ...m,
      authorName: m.kind === 'REPLY' ? (v.anonymous ? null : (nameOf.get(v.authorId) ?? null)) : (nameOf.get(m.authorId) ?? null),
    })),
  });
}

async function unitNames(db: Db, ids: number[]) {
  const units = ids.length
    ? await db.unit.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, code: true, name: true } })
    : [];
  return new Map(units.map((u) => [u.id, u]));
}

/** One voice with its conversation and the names it may show; null when there is none. */
export async function voiceDetail(db: Db, id: number) {
  const v = await db.voice.findUnique({ where: { id }, select: { ...VOICE, messages: MESSAGES } });
  if (!v) return null;
  return (await namesFor(db, [v]))(v);
}

export type VoiceDetail = NonNullable<Awaited<ReturnType<typeof voiceDetail>>>;

export interface InboxFilters {
  status?: 'OPEN' | 'ANSWERED';
  category?: VoiceCategory;
  page: number;
}

/**
 * A unit's inbox, oldest unanswered first, then the rest by latest answer; filtered and paged inside the query.
 * Four queries whatever the number of voices: the count, the page, the names it may show, the counts by status.
 */
export async function unitInbox(db: Db, unitId: number, f: InboxFilters) {
  const where: Prisma.VoiceWhereInput = {
    unitId,
    ...(f.status === 'OPEN' ? { status: 'OPEN' } : f.status === 'ANSWERED' ? { status: { not: 'OPEN' } } : {}),
    ...(f.category ? { category: f.category } : {}),
  };
  const [total, rows, byStatus] = await Promise.all([
    db.voice.count({ where }),
    db.voice.findMany({
      where,
      orderBy: [{ answeredAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'asc' }, { id: 'asc' }],
      skip: (f.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: VOICE,
    }),
    db.voice.groupBy({ by: ['status'], where: { unitId }, _count: { _all: true } }),
  ]);
  const named = await namesFor(db, rows);
  const count = (s: VoiceStatus[]) => byStatus.filter((b) => s.includes(b.status)).reduce((n, b) => n + b._count._all, 0);
  return {
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: rows.map(named),
    counts: {
      all: count(['OPEN', 'ANSWERED', 'REPLIED', 'CLOSED']),
      open: count(['OPEN']),
      answered: count(['ANSWERED', 'REPLIED', 'CLOSED']),
    },
  };
}

/** The voices a person wrote, newest first, with the answers (three queries). */
export async function myVoices(db: Db, authorId: number, limit = 100) {
  const rows = await db.voice.findMany({
    where: { authorId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    select: { ...VOICE, messages: MESSAGES },
  });
  const [named, units] = await Promise.all([
    namesFor(db, rows),
    unitNames(
      db,
      rows.map((r) => r.unitId),
    ),
  ]);
  return rows.map((r) => ({ ...named(r), unit: units.get(r.unitId)! }));
}

/** Voices made public with their writers' consent, newest first, paged (four queries). */
export async function publicVoices(db: Db, page: number) {
  const where: Prisma.VoiceWhereInput = { publishedAt: { not: null }, publicConsent: true };
  const [total, rows] = await Promise.all([
    db.voice.count({ where }),
    db.voice.findMany({
      where,
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { ...VOICE, messages: MESSAGES },
    }),
  ]);
  const [named, units] = await Promise.all([
    namesFor(db, rows),
    unitNames(
      db,
      rows.map((r) => r.unitId),
    ),
  ]);
  return { total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), rows: rows.map((r) => ({ ...named(r), unit: units.get(r.unitId)! })) };
}

/** The inboxes a person answers for (their units; the committee's for the office), with what waits in each (two queries). */
export async function inboxUnits(db: Db, unitIds: number[], withCommittee: boolean) {
  const units = await db.unit.findMany({
    where: {
      kind: { in: [...RECIPIENT_KINDS] },
      OR: [{ id: { in: unitIds } }, ...(withCommittee ? [{ kind: 'COMMITTEE' as const }] : [])],
    },
    select: { id: true, code: true, name: true },
    orderBy: [{ kind: 'asc' }, { sortOrder: 'asc' }],
  });
  const open = units.length
    ? await db.voice.groupBy({ by: ['unitId'], where: { unitId: { in: units.map((u) => u.id) }, status: 'OPEN' }, _count: { _all: true } })
    : [];
  const openOf = new Map(open.map((o) => [o.unitId, o._count._all]));
  return units.map((u) => ({ ...u, open: openOf.get(u.id) ?? 0 }));
}

/**
 * The inboxes' figures in one aggregate query: per recipient unit (archived ones only when they received voices
 * in the period), voices written in [from, to), how many have had an answer, and the response times in seconds.
 */
export async function responseRows(db: Db, period: { from?: Date; to?: Date }): Promise<UnitResponseRow[]> {
  const rows = await db.$queryRaw<UnitResponseRow[]>`
    SELECT u.id AS "unitId", u.code, u.name,
           count(v.id)::int AS total,
           count(v."answeredAt")::int AS answered,
           COALESCE(sum(EXTRACT(EPOCH FROM v."answeredAt" - v."createdAt")), 0)::float8 AS "sumSeconds",
           COALESCE(max(EXTRACT(EPOCH FROM v."answeredAt" - v."createdAt")), 0)::float8 AS "maxSeconds",
           min(v."createdAt") FILTER (WHERE v."answeredAt" IS NULL) AS "oldestOpen"
      FROM "Unit" u
      LEFT JOIN "Voice" v ON v."unitId" = u.id
           AND (${period.from ?? null}::timestamp IS NULL OR v."createdAt" >= ${period.from ?? null}::timestamp)
           AND (${period.to ?? null}::timestamp IS NULL OR v."createdAt" < ${period.to ?? null}::timestamp)
     WHERE u.kind::text = ANY(${[...RECIPIENT_KINDS]}::text[])
     GROUP BY u.id
    HAVING u."archivedAt" IS NULL OR count(v.id) > 0
     ORDER BY (u.kind = 'COMMITTEE') DESC, u."sortOrder", u.code`;
  return rows.map((r) => ({ ...r, oldestOpen: r.oldestOpen ? new Date(r.oldestOpen) : null }));
}
