import type { Db } from '../../db/client.js';
import { audienceWhere, visibleWhere, type AudienceContext } from './audience.js';

const PAGE_SIZE = 20;

const SELECT = {
  id: true,
  unitId: true,
  companyWide: true,
  title: true,
  description: true,
  audience: true,
  startDate: true,
  endDate: true,
  summaryHeard: true,
  summaryActions: true,
  summaryPublishedAt: true,
  createdAt: true,
} as const;

/** The consultations a person may read, latest closing first, with whether they gave an opinion; three queries. */
export async function listConsultations(db: Db, a: AudienceContext, page: number) {
  const where = visibleWhere(a);
  const [total, rows] = await Promise.all([
    db.consultation.count({ where }),
    db.consultation.findMany({
      where,
      orderBy: [{ endDate: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { ...SELECT, opinions: { where: { authorId: a.userId }, select: { id: true } }, _count: { select: { opinions: true } } },
    }),
  ]);
  const units = rows.length
    ? await db.unit.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } },
        select: { id: true, code: true, name: true, kind: true, parentId: true, archivedAt: true },
      })
    : [];
  const unitOf = new Map(units.map((u) => [u.id, u]));
  return {
    total,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: rows.map((r) => ({ ...r, mine: r.opinions.length > 0, unit: unitOf.get(r.unitId)! })),
  };
}

/** One consultation with its chosen units; null when there is none. */
export function findConsultation(db: Db, id: number) {
  return db.consultation.findUnique({ where: { id }, select: { ...SELECT, units: { select: { unitId: true } } } });
}

export type ConsultationRow = NonNullable<Awaited<ReturnType<typeof findConsultation>>>;

/**
 * What the consultation page needs for a person: whether they may read it and are in its audience, their own
 * opinion, the chosen units' names; and, for the owner, every opinion with its writer. Fixed number of queries.
 */
export async function consultationView(db: Db, c: ConsultationRow, a: AudienceContext, owner: boolean) {
  const [audience, visible, mine, units, opinions] = await Promise.all([
    db.consultation.count({ where: { AND: [{ id: c.id }, audienceWhere(a)] } }),
    db.consultation.count({ where: { AND: [{ id: c.id }, visibleWhere(a)] } }),
    db.consultationOpinion.findUnique({
      where: { consultationId_authorId: { consultationId: c.id, authorId: a.userId } },
      select: { body: true, updatedAt: true },
    }),
    c.units.length
      ? db.unit.findMany({
          where: { id: { in: c.units.map((u) => u.unitId) } },
          select: { id: true, name: true },
          orderBy: { sortOrder: 'asc' },
        })
      : [],
    owner || a.office
      ? db.consultationOpinion.findMany({
          where: { consultationId: c.id },
          orderBy: { createdAt: 'asc' },
          select: { id: true, authorId: true, body: true, createdAt: true, updatedAt: true },
        })
      : [],
  ]);
  const people = opinions.length
    ? await db.person.findMany({
        where: { id: { in: opinions.map((o) => o.authorId) } },
        select: { id: true, displayName: true, homeUnit: { select: { name: true } } },
      })
    : [];
  const personOf = new Map(people.map((p) => [p.id, p]));
  return {
    inAudience: audience > 0,
    visible: visible > 0,
    mine,
    chosenUnits: units.map((u) => u.name),
    opinions: opinions.map((o) => ({
      ...o,
      author: personOf.get(o.authorId)?.displayName ?? '',
      authorUnit: personOf.get(o.authorId)?.homeUnit?.name ?? '',
    })),
  };
}
