import type { Db } from '../../db/client.js';
import { boardVisitPart } from '../boards/board.signals.js';
import { orgLifeVisitPart } from '../orglife/orglife.signals.js';
import { unitCountermeasures } from '../pdca/pdca.queries.js';
import { isOverdue, STAGE_LABELS } from '../pdca/pdca.service.js';
import { unitSite } from '../sites/site.service.js';

/** A section the visit sheet prints beside modules, PDCA and notes; boards add the red targets. */
export type VisitSheetPart = (
  db: Db,
  unit: { id: number; code: string },
  now: Date,
) => Promise<{ title: string; empty: string; lines: { text: string; note?: string; href?: string }[] }>;

export const VISIT_SHEET_PARTS: VisitSheetPart[] = [boardVisitPart, orgLifeVisitPart];

/**
 * What the office takes to a branch: modules overdue or empty, open countermeasures (overdue first) and the
 * notes of its open inspections — the questions to ask. A fixed number of queries.
 */
export async function visitSheet(db: Db, unit: { id: number; code: string; kind: string }, now = new Date()) {
  const [site, pdca, inspections, parts] = await Promise.all([
    unitSite(db, unit, now),
    unitCountermeasures(db, unit.id, { stage: 'OPEN' }),
    db.inspection.findMany({
      where: { unitId: unit.id, status: 'OPEN' },
      orderBy: { visitDate: 'desc' },
      select: { id: true, visitDate: true, inspectors: true, scope: true, notes: true },
    }),
    Promise.all(VISIT_SHEET_PARTS.map((p) => p(db, unit, now))),
  ]);
  const tiles = site?.sections.flatMap((s) => s.tiles.map((t) => ({ ...t, sectionLabel: s.label }))) ?? [];
  return {
    overdueModules: tiles.filter((t) => t.freshness === 'overdue'),
    emptyModules: tiles.filter((t) => t.freshness === 'empty'),
    countermeasures: pdca
      .map((c) => ({ ...c, overdue: isOverdue(c, now), stageLabel: STAGE_LABELS[c.stage] }))
      .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueDate.getTime() - b.dueDate.getTime()),
    inspections,
    parts,
  };
}
