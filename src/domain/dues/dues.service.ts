import type { Db } from '../../db/client.js';
import { dayOf } from '../../lib/dates.js';
import type { DuesCategory } from '../../generated/prisma/enums.js';
import { audit } from '../audit/audit.service.js';
import type { SessionUser, UnitScope } from '../authz/can.js';
import { ValidationError } from '../errors.js';
import { duesSheet, duesMembersWhere } from './dues.queries.js';
import { yuan } from './money.js';
import { monthStart, thisMonth } from './months.js';
import { DUES_CATEGORY_LABELS, type Due } from './rules.js';

/** One line of a sheet as entered: 实缴 in fen (null: not paid), the paid date, a note. */
export interface SheetLine {
  personId: number;
  paidFen: number | null;
  paidOn: string | null;
  note: string;
}

interface Actor {
  actor: SessionUser;
  ip?: string;
}

type SheetProps = Actor & { unit: UnitScope & { name: string }; month: string; lines: SheetLine[] };

/**
 * Checks a month's sheet as entered against the members' 应缴: refused beside the row when a member has no base, or
 * paid more than 应缴 without a note. Used by the save and by an imported sheet's preview.
 */
export async function checkDuesSheet(db: Db, p: Pick<SheetProps, 'unit' | 'month' | 'lines'>) {
  if (p.month > thisMonth()) throw new ValidationError({ month: '该月份尚未开始，不能登记党费' });
  const sheet = await duesSheet(db, p.unit, p.month);
  const byPerson = new Map(sheet.rows.map((r) => [r.personId, r]));
  const errors: Record<string, string> = {};
  const writes: { line: SheetLine; due: Due }[] = [];
  for (const line of p.lines) {
    const row = byPerson.get(line.personId);
    if (!row) {
      errors[`paid_${line.personId}`] = `编号 ${line.personId} 不是本支部应交党费的党员`;
      continue;
    }
    if (!row.due) {
      if (line.paidOn) errors[`paid_${line.personId}`] = '该党员尚未申报党费基数，请先申报';
      continue;
    }
    if (line.paidFen != null && line.paidFen > row.due.dueFen && !line.note)
      errors[`note_${line.personId}`] = `实缴 ${yuan(line.paidFen)} 元多于应缴 ${yuan(row.due.dueFen)} 元，请在说明中写明原因`;
    writes.push({ line, due: row.due });
  }
  return { sheet, errors, writes };
}

/** Saves a month's sheet: each member's line with 应缴 as computed now (and its rule) and what was paid; audited once. */
export async function saveDuesSheet(db: Db, p: SheetProps) {
  const { errors, writes } = await checkDuesSheet(db, p);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const month = monthStart(p.month);
  await db.$transaction(async (tx) => {
    for (const { line, due } of writes) {
      const data = {
        dueFen: due.dueFen,
        rule: due.rule,
        paidFen: line.paidOn ? line.paidFen : null,
        paidOn: line.paidOn ? dayOf(line.paidOn) : null,
        note: line.note,
        recordedById: p.actor.id,
      };
      await tx.duesPayment.upsert({
        where: { personId_month: { personId: line.personId, month } },
        create: { unitId: p.unit.id, personId: line.personId, month, ...data },
        update: { unitId: p.unit.id, ...data },
      });
    }
    const paid = writes.filter((w) => w.line.paidOn);
    await audit(tx, {
      actorId: p.actor.id,
      action: 'dues.sheet_saved',
      entityType: 'DuesSheet',
      entityId: `${p.unit.id}:${p.month}`,
      unitId: p.unit.id,
      ip: p.ip,
      summary: `登记 ${p.month} 党费：${writes.length} 人，已交 ${paid.length} 人，${yuan(paid.reduce((s, w) => s + (w.line.paidFen ?? 0), 0))} 元`,
      data: {
        lines: writes.map((w) => ({ personId: w.line.personId, dueFen: w.due.dueFen, paidFen: w.line.paidFen, paidOn: w.line.paidOn })),
      },
    });
  });
  return { saved: writes.length };
}

export interface BaseProps extends Actor {
  unit: UnitScope;
  personId: number;
  category: DuesCategory;
  baseFen: number | null;
  fixedFen: number | null;
  validFrom: string;
  note: string;
}

/** Declares a member's dues base from a month on (a later declaration for the same month replaces it), audited. */
export async function declareDuesBase(db: Db, p: BaseProps) {
  if (p.validFrom > thisMonth()) throw new ValidationError({ validFrom: '该月份尚未开始，基数只能从本月或以前的月份起算' });
  return db.$transaction(async (tx) => {
    const person = await tx.person.findFirst({
      where: { id: p.personId, ...duesMembersWhere(p.unit.id) },
      select: { id: true, displayName: true },
    });
    if (!person) throw new ValidationError({ personId: '请选择本支部的党员' });
    const validFrom = monthStart(p.validFrom);
    const data = { category: p.category, baseFen: p.baseFen, fixedFen: p.fixedFen, note: p.note, recordedById: p.actor.id };
    await tx.duesBase.upsert({
      where: { personId_validFrom: { personId: person.id, validFrom } },
      create: { personId: person.id, validFrom, ...data },
      update: data,
    });
    await audit(tx, {
      actorId: p.actor.id,
      action: 'dues.base_declared',
      entityType: 'Person',
      entityId: person.id,
      unitId: p.unit.id,
      ip: p.ip,
      // the amount stays in `data`: the audit page, which the administrator reads too, shows the summary only
      summary: `申报党费基数：${person.displayName} 自 ${p.validFrom} 起（${DUES_CATEGORY_LABELS[p.category]}）`,
      data: { category: p.category, baseFen: p.baseFen, fixedFen: p.fixedFen, validFrom: p.validFrom },
    });
    return { person: person.displayName };
  });
}
