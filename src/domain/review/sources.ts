import { freshness, hasFreshness } from '../sites/freshness.js';
import { boardSignals } from '../boards/board.signals.js';
import { voiceSignals } from '../voices/voices.signals.js';
import { draftSignals, type SignalSource } from './signals.js';

/** Modules of the branch template that are empty or older than their cadence, per branch. Two queries. */
export const moduleSignals: SignalSource = async (db, q) => {
  const [modules, statuses] = await Promise.all([
    db.moduleDef.findMany({ where: { template: { key: 'branch' }, retiredAt: null }, select: { id: true, kind: true, cadence: true } }),
    db.moduleStatus.findMany({ where: { unitId: { in: q.branchIds } }, select: { unitId: true, moduleId: true, lastPublishedAt: true } }),
  ]);
  const last = new Map(statuses.map((s) => [`${s.unitId}:${s.moduleId}`, s.lastPublishedAt]));
  const out = new Map<number, { overdueModules: number; emptyModules: number }>();
  for (const unitId of q.branchIds) {
    const s = { overdueModules: 0, emptyModules: 0 };
    for (const m of modules) {
      if (!hasFreshness(m.kind)) continue;
      const f = freshness(m.cadence, last.get(`${unitId}:${m.id}`), q.now);
      if (f === 'overdue') s.overdueModules++;
      else if (f === 'empty') s.emptyModules++;
    }
    out.set(unitId, s);
  }
  return out;
};

/** Countermeasures (from missed targets and inspection findings) not closed, split into overdue and the rest. */
export const pdcaSignals: SignalSource = async (db, q) => {
  const rows = await db.$queryRawUnsafe<{ unitId: number; overdue: number; open: number }[]>(
    `SELECT "unitId",
            count(*) FILTER (WHERE "dueDate" < $2::date)::int AS overdue,
            count(*) FILTER (WHERE "dueDate" >= $2::date)::int AS open
       FROM "Countermeasure" WHERE stage <> 'CLOSED' AND "unitId" = ANY($1::int[]) GROUP BY "unitId"`,
    q.branchIds,
    q.now.toISOString().slice(0, 10),
  );
  return new Map(rows.map((r) => [r.unitId, { overduePdca: r.overdue, openPdca: r.open }]));
};

/** The signal sources the morning review adds up; each area's source is listed here. */
export const SIGNAL_SOURCES: SignalSource[] = [draftSignals, moduleSignals, pdcaSignals, boardSignals, voiceSignals];
