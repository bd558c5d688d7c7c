import type { Db } from '../../db/client.js';
import { inOrgOrder, ORG_ORDER_FIELDS } from '../units/org-order.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { isOverdue, STAGE_LABELS } from '../pdca/pdca.service.js';

export interface InspectionFilters {
  unitCode?: string;
  status?: 'OPEN' | 'CLOSED';
  from?: Date;
  to?: Date;
  page: number;
}

const PAGE_SIZE = 20;

/** All inspections, newest visit first, filtered and paged inside the query; three queries whatever the history. */
export async function listInspections(db: Db, f: InspectionFilters) {
  const where: Prisma.InspectionWhereInput = {
    ...(f.status ? { status: f.status } : {}),
    ...(f.from || f.to ? { visitDate: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
    ...(f.unitCode
      ? { unitId: { in: (await db.unit.findMany({ where: { code: f.unitCode }, select: { id: true } })).map((u) => u.id) } }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.inspection.count({ where }),
    db.inspection.findMany({
      where,
      orderBy: [{ visitDate: 'desc' }, { id: 'desc' }],
      skip: (f.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        unitId: true,
        visitDate: true,
        inspectors: true,
        scope: true,
        status: true,
        _count: { select: { findings: true } },
      },
    }),
  ]);
  const units = await db.unit.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } },
    select: { id: true, code: true, name: true },
  });
  const unitOf = new Map(units.map((u) => [u.id, u]));
  return { total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), rows: rows.map((r) => ({ ...r, unit: unitOf.get(r.unitId)! })) };
}

/** One inspection with its unit and findings. */
export function findInspection(db: Db, id: number) {
  return db.inspection.findUnique({
    where: { id },
    select: {
      id: true,
      unitId: true,
      visitDate: true,
      inspectors: true,
      scope: true,
      notes: true,
      status: true,
      createdAt: true,
      findings: {
        orderBy: { id: 'asc' },
        select: { id: true, text: true, severity: true, moduleId: true, targetId: true, dueDate: true, createdAt: true },
      },
    },
  });
}

/** Branches the office may inspect (for the start form), in directory order. */
export async function inspectableUnits(db: Db) {
  return inOrgOrder(
    await db.unit.findMany({
      where: { kind: { in: ['BRANCH', 'GENERAL_BRANCH'] }, archivedAt: null },
      select: { ...ORG_ORDER_FIELDS, name: true },
    }),
  );
}

/**
 * What the inspection page needs beside the inspection: the branch's modules (a finding may concern one), and
 * each finding's PDCA item with its stage, whether it is overdue, and a link to it. Two queries.
 */
export async function findingContext(db: Db, inspection: { unitId: number; findings: { id: number }[] }, unitCode: string) {
  const [modules, items, targets] = await Promise.all([
    db.moduleDef.findMany({
      where: { template: { key: 'branch' }, retiredAt: null },
      orderBy: [{ section: 'asc' }, { sortOrder: 'asc' }],
      select: { id: true, title: true },
    }),
    db.countermeasure.findMany({
      where: { findingId: { in: inspection.findings.map((f) => f.id) } },
      select: { id: true, findingId: true, stage: true, dueDate: true },
    }),
    db.target.findMany({
      where: { unitId: inspection.unitId, archivedAt: null, year: { gte: new Date().getUTCFullYear() - 1 } },
      orderBy: [{ year: 'desc' }, { sortOrder: 'asc' }],
      select: { id: true, title: true, year: true },
    }),
  ]);
  const pdcaOf = new Map(
    items.map((c) => [c.findingId!, { label: STAGE_LABELS[c.stage], overdue: isOverdue(c), href: `/units/${unitCode}/pdca/${c.id}` }]),
  );
  return {
    modules,
    moduleTitle: new Map(modules.map((m) => [m.id, m.title])),
    targets: targets.map((t) => ({ id: t.id, title: `${t.year}年：${t.title}` })),
    targetTitle: new Map(targets.map((t) => [t.id, t.title])),
    pdcaOf,
  };
}
