import type { Db } from '../../db/client.js';
import type { PartyStatus } from '../../generated/prisma/enums.js';
import { localToday } from '../../lib/dates.js';
import { pipelineState, STEP_KINDS, type Step, type StepKind } from './timeline.js';

export interface RecordedStep extends Step {
  document: string;
  note: string;
  /** Taken from the roster's stage dates (recorded before the timeline existed). */
  legacy?: boolean;
}

interface Row {
  id: number;
  displayName: string;
  partyStatus: PartyStatus;
  unitId: number;
  unitCode: string;
  unitName: string;
  events: RecordedStep[];
  steps: { stage: PartyStatus; on: string }[];
}

/** A roster stage date, as the steps it stands for (a 预备党员's date is the resolution's: probation counts from it). */
const LEGACY: Partial<Record<PartyStatus, StepKind[]>> = {
  APPLICANT: ['APPLICATION'],
  ACTIVIST: ['ACTIVIST'],
  CANDIDATE: ['CANDIDATE'],
  PROBATIONARY: ['RESOLUTION', 'APPROVAL'],
  FULL: ['FULL'],
};

/** A person's steps: those recorded on the timeline, and the roster's stage dates for stages it does not have. */
export function stepsOf(events: RecordedStep[], legacy: { stage: PartyStatus; on: string }[]): RecordedStep[] {
  const kinds = new Set(events.map((e) => e.kind));
  const folded = legacy.flatMap((s) =>
    (LEGACY[s.stage] ?? []).filter((k) => !kinds.has(k)).map((kind) => ({ kind, on: s.on, document: '', note: '', legacy: true })),
  );
  const order = (s: Step) => STEP_KINDS.indexOf(s.kind);
  return [...folded, ...events].sort((a, b) => a.on.localeCompare(b.on) || order(a) - order(b));
}

/**
 * Everyone on the way into the party in the given branches (their party groups' people included), with their steps
 * and where they stand today. One query whatever the number of people (personal data: the caller checked the role).
 */
export async function pipelineOf(db: Db, unitIds: number[], today = localToday()) {
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT p.id, p."displayName", p."partyStatus", b.id AS "unitId", b.code AS "unitCode", b.name AS "unitName",
            COALESCE((SELECT json_agg(json_build_object('kind', e.kind, 'on', e.on, 'months', e.months, 'days', e.days, 'hours', e.hours,
                       'exceptionReason', e."exceptionReason", 'document', e.document, 'note', e.note) ORDER BY e.on, e.id)
                        FROM "RecruitmentEvent" e WHERE e."personId" = p.id), '[]') AS events,
            COALESCE((SELECT json_agg(json_build_object('stage', s.stage, 'on', s."reachedOn") ORDER BY s."reachedOn", s.id)
                        FROM "RecruitmentStep" s WHERE s."personId" = p.id), '[]') AS steps
       FROM "Person" p JOIN "Unit" hu ON hu.id = p."homeUnitId"
       JOIN "Unit" b ON b.id = CASE WHEN hu.kind = 'PARTY_GROUP' THEN hu."parentId" ELSE hu.id END
      WHERE p.active AND p."partyStatus" IN ('APPLICANT', 'ACTIVIST', 'CANDIDATE', 'PROBATIONARY')
        AND (hu.id = ANY($1::int[]) OR (hu.kind = 'PARTY_GROUP' AND hu."parentId" = ANY($1::int[])))
      ORDER BY p.id`,
    unitIds,
  );
  return rows.map((r) => {
    const steps = stepsOf(r.events, r.steps);
    const { events: _e, steps: _s, ...person } = r;
    return { ...person, steps, ...pipelineState(steps, today) };
  });
}

export type PipelinePerson = Awaited<ReturnType<typeof pipelineOf>>[number];

/** The people of a unit who may start the way in (群众) or are on it, for the record form's choice. */
export function recordablePeople(db: Db, unitId: number) {
  return db.person.findMany({
    where: {
      active: true,
      partyStatus: { in: ['MASSES', 'APPLICANT', 'ACTIVIST', 'CANDIDATE', 'PROBATIONARY'] },
      homeUnit: { OR: [{ id: unitId }, { parentId: unitId, kind: 'PARTY_GROUP' }] },
    },
    select: { id: true, displayName: true, partyStatus: true },
    orderBy: { id: 'asc' },
  });
}
