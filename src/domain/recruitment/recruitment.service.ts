import type { Db } from '../../db/client.js';
import { dayOf } from '../../lib/dates.js';
import { PARTY_STATUS_LABELS } from '../../lib/format.js';
import { audit } from '../audit/audit.service.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import { stepsOf, type RecordedStep } from './recruitment.queries.js';
import { checkStep, STAGE_OF, STEP_LABELS, type StepKind } from './timeline.js';

export interface RecordEventProps {
  unit: UnitScope;
  personId: number;
  kind: StepKind;
  /** YYYY-MM-DD, a real day not in the future (checked by the form). */
  on: string;
  document: string;
  note: string;
  days: number | null;
  hours: number | null;
  months: number | null;
  /** The office's reason for recording a step before the rules allow it. */
  exceptionReason: string | null;
  actor: SessionUser;
  ip?: string;
}

/**
 * Records a step of a person's way into the party. Refused beside the field when it comes out of order, or earlier
 * than the rules allow (with the day from which it is possible) unless the office records it as an exception with a
 * reason. A step that moves the stage moves the person's party status and the roster's stage dates along.
 */
export async function recordRecruitmentEvent(db: Db, p: RecordEventProps) {
  if (p.exceptionReason && !can(p.actor, 'recruitment.exception', p.unit)) throw new ForbiddenError('只有党委办公室可以按例外记录');
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM "Person" WHERE id = ${p.personId} FOR UPDATE`;
    const person = await tx.person.findFirst({
      where: {
        id: p.personId,
        active: true,
        partyStatus: { not: 'FULL' },
        homeUnit: { OR: [{ id: p.unit.id }, { parentId: p.unit.id, kind: 'PARTY_GROUP' }] },
      },
      select: { id: true, displayName: true, partyStatus: true },
    });
    if (!person) throw new ValidationError({ personId: '请选择本支部尚未转正的人员' });
    const [events, legacy] = await Promise.all([
      tx.recruitmentEvent.findMany({
        where: { personId: person.id },
        select: { kind: true, on: true, months: true, days: true, hours: true, exceptionReason: true, document: true, note: true },
        orderBy: [{ on: 'asc' }, { id: 'asc' }],
      }),
      tx.recruitmentStep.findMany({
        where: { personId: person.id },
        select: { stage: true, reachedOn: true },
        orderBy: [{ reachedOn: 'asc' }, { id: 'asc' }],
      }),
    ]);
    const steps = stepsOf(
      events.map((e) => ({ ...e, kind: e.kind as StepKind, on: e.on.toISOString().slice(0, 10) })) as RecordedStep[],
      legacy.map((s) => ({ stage: s.stage, on: s.reachedOn.toISOString().slice(0, 10) })),
    );
    const check = checkStep(steps, p);
    const excepted = !check.ok && check.from && p.exceptionReason;
    if (!check.ok && !excepted) {
      const office = check.from && can(p.actor, 'recruitment.exception', p.unit) ? '（党委办公室可填写例外原因后记录）' : '';
      throw new ValidationError({ [check.field]: check.message + office });
    }
    const event = await tx.recruitmentEvent.create({
      data: {
        personId: person.id,
        unitId: p.unit.id,
        kind: p.kind,
        on: dayOf(p.on),
        document: p.document,
        note: p.note,
        days: p.days,
        hours: p.hours,
        months: p.months,
        exceptionReason: excepted ? p.exceptionReason : null,
        recordedById: p.actor.id,
      },
    });
    const stage = STAGE_OF[p.kind];
    if (stage) {
      await tx.person.update({ where: { id: person.id }, data: { partyStatus: stage } });
      // the roster's stage dates: probation counts from the 支部大会 resolution
      const reachedOn = p.kind === 'APPROVAL' ? (steps.filter((s) => s.kind === 'RESOLUTION').at(-1)?.on ?? p.on) : p.on;
      await tx.recruitmentStep.create({
        data: {
          personId: person.id,
          unitId: p.unit.id,
          stage,
          reachedOn: dayOf(reachedOn),
          note: STEP_LABELS[p.kind],
          recordedById: p.actor.id,
        },
      });
    }
    await audit(tx, {
      actorId: p.actor.id,
      action: excepted ? 'recruitment.exception_recorded' : 'recruitment.step_recorded',
      entityType: 'Person',
      entityId: person.id,
      unitId: p.unit.id,
      ip: p.ip,
      summary:
        `记录发展党员步骤：${person.displayName} ${p.on} ${STEP_LABELS[p.kind]}` +
        (stage ? `（${PARTY_STATUS_LABELS[person.partyStatus]} → ${PARTY_STATUS_LABELS[stage]}）` : '') +
        (excepted ? `；例外，原因：${p.exceptionReason}` : ''),
      data: { eventId: event.id, kind: p.kind, on: p.on, exceptionReason: excepted ? p.exceptionReason : null },
    });
    return { person: person.displayName, label: STEP_LABELS[p.kind], excepted: !!excepted };
  });
}
