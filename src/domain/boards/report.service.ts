import type { Db } from '../../db/client.js';
import { transactionWithRetry } from '../../db/unique-retry.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { can, type SessionUser, type UnitScope } from '../authz/can.js';
import { audit } from '../audit/audit.service.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { openCountermeasure } from '../pdca/pdca.service.js';
import { boardSource } from './sources.js';
import { isClosed, judge, periodRefusal, reportingDeadline, STATUS_LABELS, valueRefusal } from './rules.js';

type Tx = Prisma.TransactionClient;

interface Actor {
  unit: UnitScope & { name: string };
  actor: SessionUser;
  ip?: string;
}

export interface Figure {
  targetId: number;
  period: number;
  actual: number;
  note: string;
  reason?: string;
}

const DAY = 86_400_000;
/** How long a unit gets to correct a missed must-achieve target before the countermeasure is overdue. */
export const COUNTERMEASURE_DAYS = 30;

function rights(p: Actor) {
  const mayMeasure = can(p.actor, 'board.measure', p.unit);
  const mayCorrect = can(p.actor, 'board.correct', p.unit);
  if (!mayMeasure && !mayCorrect) throw new ForbiddenError('只有本单位可以填报数据');
  return { mayMeasure, mayCorrect };
}

/**
 * Records one figure inside the caller's transaction, checking the target's value range and the period's window:
 * the unit reports an open period; a closed one only the office reports or corrects, with a reason (kept on the
 * figure and in the audit log); a period not yet open is refused to everyone. Errors name the fields `period`,
 * `actual`, `reason` and `_form`. A missed must-achieve figure opens a countermeasure unless one is open.
 */
async function recordFigure(tx: Tx, p: Actor & Figure & { now: Date; mayMeasure: boolean; mayCorrect: boolean }) {
  const { now } = p;
  const t = await tx.target.findFirst({ where: { id: p.targetId, unitId: p.unit.id, archivedAt: null } });
  if (!t) throw new NotFoundError('目标');
  // A fed figure (自动) is the portal's: the unit cannot overwrite it; the office corrects it, always with a reason.
  const fed = boardSource(t.source);
  if (fed && !p.mayCorrect) throw new ValidationError({ _form: `该目标的数据由平台根据“${fed.label}”自动计算，不能手工填报` });
  if (fed && !p.reason) throw new ValidationError({ reason: '更正自动计算的数据请填写原因' });
  const periodError = periodRefusal(t, p.period, now, p.mayCorrect);
  if (periodError) throw new ValidationError({ period: periodError });
  const valueError = valueRefusal(t, p.actual, t.uom);
  if (valueError) throw new ValidationError({ actual: valueError });
  const closed = isClosed(t.year, t.period, p.period, now);
  if (closed && !p.reason) throw new ValidationError({ reason: '该统计期已关账，补报或更正请填写原因' });
  if (!closed && !p.mayMeasure && !fed) throw new ValidationError({ _form: '党委办公室只补报或更正已关账的数据，请由支部填报' });
  const existing = await tx.measurement.findUnique({ where: { targetId_period: { targetId: t.id, period: p.period } } });
  const correcting = !!existing && (closed || !!fed);
  const late = existing ? existing.late : now.getTime() > reportingDeadline(t.year, t.period, p.period).getTime();
  const officeReason = closed || fed ? (p.reason ?? '') : (existing?.officeReason ?? '');
  const m = existing
    ? await tx.measurement.update({
        where: { id: existing.id },
        data: {
          actual: p.actual,
          note: p.note,
          officeReason,
          correctedAt: correcting ? now : existing.correctedAt,
          reportedById: correcting ? existing.reportedById : p.actor.id,
        },
      })
    : await tx.measurement.create({
        data: {
          targetId: t.id,
          period: p.period,
          actual: p.actual,
          note: p.note,
          late,
          officeReason,
          reportedById: p.actor.id,
          reportedAt: now,
        },
      });
  const label = `${t.year}年${t.period === 'MONTHLY' ? `${p.period}月` : `第${p.period}季度`}`;
  const status = judge(t, p.actual);
  await audit(tx, {
    actorId: p.actor.id,
    action: correcting ? 'board.measurement_corrected' : 'board.measurement_recorded',
    entityType: 'Measurement',
    entityId: m.id,
    unitId: p.unit.id,
    summary:
      fed && !existing
        ? `更正${label}「${t.title}」自动数据为 ${p.actual}${t.uom}，原因：${p.reason}`
        : correcting
          ? `更正${label}「${t.title}」数据：${existing!.actual} → ${p.actual}，原因：${p.reason}`
          : `填报${label}「${t.title}」：${p.actual}${t.uom}（${STATUS_LABELS[status]}${late ? `，迟报，原因：${p.reason}` : ''}）`,
    data: correcting ? { before: existing!.actual, after: p.actual, reason: p.reason } : undefined,
    ip: p.ip,
  });
  let opened = false;
  if (
    t.kind === 'MUST' &&
    status === 'missed' &&
    !(await tx.countermeasure.count({ where: { targetId: t.id, stage: { not: 'CLOSED' } } }))
  ) {
    await openCountermeasure(tx, {
      unitId: p.unit.id,
      source: 'TARGET',
      targetId: t.id,
      actorId: p.actor.id,
      ownerName: t.ownerName,
      problem: `必达目标「${t.title}」${label}未达成：实际 ${p.actual}${t.uom}，目标 ${t.direction === 'HIGHER' ? '≥' : '≤'} ${t.targetValue}${t.uom}`,
      dueDate: new Date(now.getTime() + COUNTERMEASURE_DAYS * DAY),
    });
    opened = true;
  }
  return { status, late, opened, correcting };
}

/** Records a period's actual value of one target (the single-target form). */
export async function recordMeasurement(db: Db, p: Actor & Figure & { now?: Date }) {
  const now = p.now ?? new Date();
  const r = rights(p);
  // two first reports of a period at once: the later one runs again and changes the figure the first recorded
  return transactionWithRetry(db, (tx) => recordFigure(tx, { ...p, ...r, now }));
}

/**
 * Records a month's figures for several targets at once (the month sheet), in one transaction: either all are
 * recorded or none, and the errors come back keyed `<field>_<targetId>` so each shows beside its own field.
 */
export async function recordPeriodSheet(db: Db, p: Actor & { figures: Figure[]; now?: Date }) {
  const now = p.now ?? new Date();
  const r = rights(p);
  return transactionWithRetry(db, async (tx) => {
    const errors: Record<string, string> = {};
    const results = [];
    for (const f of p.figures) {
      // a refusal is raised before that figure writes anything, so the others are still checked; any refusal rolls all back
      try {
        results.push(await recordFigure(tx, { ...p, ...f, ...r, now }));
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        for (const [k, v] of Object.entries(e.fieldErrors)) if (v) errors[`${k}_${f.targetId}`] = v;
      }
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return results;
  });
}
