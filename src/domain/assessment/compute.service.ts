import type { Db } from '../../db/client.js';
import type { CriterionMethod } from '../../generated/prisma/enums.js';
import { audit } from '../audit/audit.service.js';
import { hasFreshness } from '../sites/freshness.js';
import { activeCriteria, assessedUnits, type SchemeRow } from './assessment.queries.js';
import { INFO_UPDATES_SOURCE } from './info-updates.js';
import {
  closedOnTime,
  infoUpdates,
  modulesCurrent,
  onTimeReporting,
  QUARTER_LABELS,
  quarterBounds,
  targetsMet,
  type Ratio,
} from './measures.js';
import { assertDraft, ensureRound } from './round.service.js';
import { orgLifeRatios } from '../orglife/orglife.assessment.js';
import { scoreFromRatio } from './scoring.js';

interface Ctx {
  db: Db;
  unitIds: number[];
  year: number;
  quarter: number;
  now: Date;
}

/** Per method, a function of (unit, norm) giving its ratio; the data for all branches is read up front. */
type Ratios = (unitId: number, norm: number | null) => Ratio;

async function boardRatios(c: Ctx): Promise<Partial<Record<CriterionMethod, Ratios>>> {
  const targets = await c.db.target.findMany({
    where: { unitId: { in: c.unitIds }, year: c.year, archivedAt: null },
    select: {
      unitId: true,
      year: true,
      kind: true,
      direction: true,
      targetValue: true,
      stretchValue: true,
      period: true,
      measurements: { select: { period: true, actual: true, late: true } },
    },
  });
  const of = (unitId: number) => targets.filter((t) => t.unitId === unitId);
  return { ON_TIME_REPORTING: (u) => onTimeReporting(of(u), c.quarter, c.now), TARGETS_MET: (u) => targetsMet(of(u), c.quarter) };
}

async function pdcaRatios(c: Ctx): Promise<Partial<Record<CriterionMethod, Ratios>>> {
  const { start, end } = quarterBounds(c.year, c.quarter);
  const items = await c.db.countermeasure.findMany({
    where: { unitId: { in: c.unitIds }, dueDate: { gte: start, lt: end } },
    select: { unitId: true, source: true, dueDate: true, stage: true, closedAt: true },
  });
  return {
    PDCA_ON_TIME: (u) =>
      closedOnTime(
        items.filter((i) => i.unitId === u),
        c.now,
      ),
    FINDINGS_ON_TIME: (u) =>
      closedOnTime(
        items.filter((i) => i.unitId === u && i.source === 'FINDING'),
        c.now,
        '检查问题',
      ),
  };
}

async function moduleRatios(c: Ctx): Promise<Partial<Record<CriterionMethod, Ratios>>> {
  const { end } = quarterBounds(c.year, c.quarter);
  const at = end < c.now ? end : c.now;
  const [modules, latest] = await Promise.all([
    c.db.moduleDef.findMany({
      where: { template: { key: 'branch' }, kind: { in: ['PAGE', 'RECORDS'] }, OR: [{ retiredAt: null }, { retiredAt: { gt: at } }] },
      select: { id: true, kind: true, cadence: true },
    }),
    c.db.$queryRaw<{ unitId: number; moduleId: number; last: Date }[]>`
      SELECT i."unitId", i."moduleId", max(r."reviewedAt") AS last FROM "Revision" r JOIN "ContentItem" i ON i.id = r."itemId"
       WHERE i."unitId" = ANY(${c.unitIds}::int[]) AND r.status IN ('PUBLISHED', 'SUPERSEDED') AND r."reviewedAt" < ${at}
         AND (i."deletedAt" IS NULL OR i."deletedAt" > ${at})
       GROUP BY i."unitId", i."moduleId"`,
  ]);
  const tracked = modules.filter((m) => hasFreshness(m.kind));
  const last = new Map<number, Map<number, Date>>();
  for (const l of latest) {
    if (!last.has(l.unitId)) last.set(l.unitId, new Map());
    last.get(l.unitId)!.set(l.moduleId, new Date(l.last));
  }
  return { MODULES_CURRENT: (u) => modulesCurrent(tracked, last.get(u) ?? new Map(), at) };
}

async function infoRatios(c: Ctx): Promise<Partial<Record<CriterionMethod, Ratios>>> {
  const counts = await INFO_UPDATES_SOURCE.count(c.db, {
    unitIds: c.unitIds,
    year: c.year,
    quarter: c.quarter,
    ...quarterBounds(c.year, c.quarter),
  });
  return { INFO_UPDATES: (u, norm) => infoUpdates(counts.get(u) ?? 0, norm) };
}

/** Which reader serves which methods: each runs once for all branches, and only when the scheme uses it. */
const READERS: { methods: CriterionMethod[]; read: (c: Ctx) => Promise<Partial<Record<CriterionMethod, Ratios>>> }[] = [
  { methods: ['ON_TIME_REPORTING', 'TARGETS_MET'], read: boardRatios },
  { methods: ['PDCA_ON_TIME', 'FINDINGS_ON_TIME'], read: pdcaRatios },
  { methods: ['MODULES_CURRENT'], read: moduleRatios },
  { methods: ['INFO_UPDATES'], read: infoRatios },
  { methods: ['ORG_LIFE_ON_TIME'], read: orgLifeRatios },
];

/**
 * Fills the computed criteria of a quarter for every branch not archived: each score stored with the ratio it
 * came from and a note of what was counted. Hand scores are left alone. A fixed number of queries whatever the
 * number of branches: one read per kind of data, then one delete and one insert.
 */
export async function computeRound(db: Db, p: { scheme: SchemeRow; quarter: number; actorId: number; ip?: string; now?: Date }) {
  const criteria = activeCriteria(p.scheme).filter((c) => c.method !== 'MANUAL');
  const units = await assessedUnits(db);
  const ctx: Ctx = { db, unitIds: units.map((u) => u.id), year: p.scheme.year, quarter: p.quarter, now: p.now ?? new Date() };
  const used = new Set(criteria.map((c) => c.method));
  const parts = await Promise.all(READERS.filter((r) => r.methods.some((m) => used.has(m))).map((r) => r.read(ctx)));
  const ratios: Partial<Record<CriterionMethod, Ratios>> = Object.assign({}, ...parts);
  return db.$transaction(async (tx) => {
    const round = await ensureRound(tx, p.scheme.id, p.quarter);
    assertDraft(round);
    const data = units.flatMap((u) =>
      criteria.map((c) => {
        const r = ratios[c.method]!(u.id, c.norm);
        return {
          roundId: round.id,
          unitId: u.id,
          criterionId: c.id,
          ratio: r.ratio,
          score: scoreFromRatio(c.maxScore, r.ratio),
          comment: r.note,
          updatedById: p.actorId,
        };
      }),
    );
    await tx.assessmentScore.deleteMany({
      where: { roundId: round.id, criterionId: { in: criteria.map((c) => c.id) }, unitId: { in: ctx.unitIds } },
    });
    await tx.assessmentScore.createMany({ data });
    await audit(tx, {
      actorId: p.actorId,
      action: 'assessment.computed',
      entityType: 'AssessmentRound',
      entityId: round.id,
      summary: `计算 ${p.scheme.year} 年${QUARTER_LABELS[p.quarter - 1]}自动考核项：${units.length} 个支部 × ${criteria.length} 项`,
      ip: p.ip,
    });
    return { units: units.length, criteria: criteria.length };
  });
}
