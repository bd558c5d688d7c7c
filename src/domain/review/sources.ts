import { FRESHNESS_WINDOWS } from '../sites/freshness.js';
import { boardSignals } from '../boards/board.signals.js';
import { voiceSignals } from '../voices/voices.signals.js';
import { recruitmentSignals } from '../recruitment/recruitment.todo.js';
import { orgLifeSignals } from '../orglife/orglife.signals.js';
import { draftSignals, type SignalSource } from './signals.js';

/**
 * Modules of the branch template that are empty or older than their cadence, per branch, counted in the database
 * with the freshness rule's own windows (src/domain/sites/freshness.ts). One query returning a row per branch.
 */
export const moduleSignals: SignalSource = async (db, q) => {
  const days = (c: keyof typeof FRESHNESS_WINDOWS) => FRESHNESS_WINDOWS[c].overdueAfterDays;
  const rows = await db.$queryRawUnsafe<{ unitId: number; overdue: number; empty: number }[]>(
    `SELECT u.id AS "unitId",
            count(*) FILTER (WHERE s."lastPublishedAt" IS NULL)::int AS empty,
            count(*) FILTER (WHERE s."lastPublishedAt" IS NOT NULL AND m.cadence <> 'ON_EVENT' AND s."lastPublishedAt" <= $2::timestamp - make_interval(days =>
              CASE m.cadence WHEN 'MONTHLY' THEN $3::int WHEN 'QUARTERLY' THEN $4::int ELSE $5::int END))::int AS overdue
       FROM unnest($1::int[]) u(id)
       CROSS JOIN "ModuleDef" m
       LEFT JOIN "ModuleStatus" s ON s."unitId" = u.id AND s."moduleId" = m.id
      WHERE m."templateId" = (SELECT id FROM "SiteTemplate" WHERE key = 'branch') AND m."retiredAt" IS NULL AND m.kind IN ('PAGE', 'RECORDS')
      GROUP BY u.id`,
    q.branchIds,
    q.now,
    days('MONTHLY'),
    days('QUARTERLY'),
    days('YEARLY'),
  );
  return new Map(rows.map((r) => [r.unitId, { overdueModules: r.overdue, emptyModules: r.empty }]));
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
export const SIGNAL_SOURCES: SignalSource[] = [
  draftSignals,
  moduleSignals,
  pdcaSignals,
  boardSignals,
  voiceSignals,
  recruitmentSignals,
  orgLifeSignals,
];
