import type { Db } from '../../db/client.js';
import { audit } from '../audit/audit.service.js';
import type { SessionUser } from '../authz/can.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { rateTableProblems, type RateLine } from './rate-table.js';
import type { RateRow } from './rules.js';

/** A line of the table as the office submitted it (its category does not change). */
export type RateChange = Omit<RateRow, 'category'>;

export interface RateTableChange {
  /** The lines submitted with the form; lines not among them stay as they are. */
  edits: RateChange[];
  add?: RateLine;
  removeId?: number;
  actor: SessionUser;
  ip?: string;
}

const FIELDS = ['aboveFen', 'upToFen', 'basisPoints', 'fixedFen', 'label'] as const;

/**
 * The office changes the rate table: the submitted edits, plus a line added or one removed. The table as it would be
 * afterwards is checked as a whole first; a wrong one is refused with what is wrong and nothing written. Each changed,
 * added or removed line is audited with its values.
 */
export async function changeDuesRates(db: Db, p: RateTableChange) {
  await db.$transaction(async (tx) => {
    // locks every line (the table is never empty): two offices' changes are checked one after the other
    await tx.$queryRaw`SELECT id FROM "DuesRate" FOR UPDATE`;
    const before = await tx.duesRate.findMany({ orderBy: { id: 'asc' } });
    const removed = p.removeId == null ? undefined : before.find((r) => r.id === p.removeId);
    if (p.removeId != null && !removed) throw new NotFoundError('党费标准');
    const editOf = new Map(p.edits.map((e) => [e.id, e]));
    const kept = before.filter((r) => r !== removed).map((r) => ({ before: r, after: { ...r, ...editOf.get(r.id) } }));
    const problems = rateTableProblems([...kept.map((k) => k.after), ...(p.add ? [p.add] : [])]);
    if (problems.length) throw new ValidationError({ _form: `党费标准未保存：${problems.join('；')}。` });

    const who = { actorId: p.actor.id, entityType: 'DuesRate', ip: p.ip };
    for (const { before: old, after } of kept) {
      if (FIELDS.every((k) => old[k] === after[k])) continue;
      const data = Object.fromEntries(FIELDS.map((k) => [k, after[k]]));
      await tx.duesRate.update({ where: { id: old.id }, data });
      await audit(tx, {
        ...who,
        action: 'dues.rate_changed',
        entityId: old.id,
        summary: `修改党费标准：${old.label} → ${after.label}`,
        data: { before: { ...old, updatedAt: old.updatedAt.toISOString() }, after: data },
      });
    }
    if (p.add) {
      const sortOrder = Math.max(0, ...before.map((r) => r.sortOrder)) + 1;
      const row = await tx.duesRate.create({ data: { ...p.add, sortOrder } });
      await audit(tx, { ...who, action: 'dues.rate_added', entityId: row.id, summary: `增加党费标准：${row.label}`, data: { ...p.add } });
    }
    if (removed) {
      await tx.duesRate.delete({ where: { id: removed.id } });
      await audit(tx, {
        ...who,
        action: 'dues.rate_deleted',
        entityId: removed.id,
        summary: `删除党费标准：${removed.label}`,
        data: { ...removed, updatedAt: removed.updatedAt.toISOString() },
      });
    }
  });
}
