import type { BoardSource, FedValues } from '../boards/sources.js';
import { duesPaidInFullRate } from './dues.board.js';

/**
 * 党费按月足额收缴率 from the month's sheets: per target period, the share of the sheets' lines paid in full (a paid date
 * and 实缴 at least 应缴), linking to the sheet. A period with no sheet saved has no figure. One statement.
 */
export const duesSource: BoardSource = {
  key: 'dues.paid_in_full',
  label: '党费按月足额收缴率',
  uom: '%',
  compute: async (db, p) => {
    const monthly = p.period === 'MONTHLY';
    const periods = Array.from({ length: monthly ? 12 : 4 }, (_, i) =>
      monthly ? `${p.year}-${String(i + 1).padStart(2, '0')}` : `${p.year}-Q${i + 1}`,
    );
    const codeOf = new Map(p.units.map((u) => [u.id, u.code]));
    const out: FedValues = new Map();
    for (const r of await duesPaidInFullRate(db, [...codeOf.keys()], periods)) {
      if (r.rate === null) continue;
      const n = periods.indexOf(r.period) + 1;
      const month = monthly ? r.period : `${p.year}-${String((n - 1) * 3 + 1).padStart(2, '0')}`;
      const unit = out.get(r.unitId) ?? new Map();
      unit.set(n, { actual: r.rate, href: `/units/${codeOf.get(r.unitId)}/dues?month=${month}` });
      out.set(r.unitId, unit);
    }
    return out;
  },
};
