import type { BoardSource, FedValues } from '../boards/sources.js';
import { freshness, hasFreshness } from './freshness.js';

/**
 * 模块按期更新率: at the end of each target period (or today, for the current one), the branch template's page and
 * records modules that are current or due soon by their cadence (freshness.ts) ÷ all of them. Two statements.
 */
export const moduleFreshnessSource: BoardSource = {
  key: 'sites.modules_current',
  label: '模块按期更新率',
  uom: '%',
  compute: async (db, p) => {
    const ids = p.units.map((u) => u.id);
    const yearEnd = new Date(Date.UTC(p.year + 1, 0, 1));
    const [modules, published] = await Promise.all([
      db.moduleDef.findMany({ where: { template: { key: 'branch' }, retiredAt: null }, select: { id: true, kind: true, cadence: true } }),
      db.$queryRaw<{ unitId: number; moduleId: number; at: Date }[]>`
        SELECT i."unitId", i."moduleId", r."reviewedAt" AS at FROM "Revision" r JOIN "ContentItem" i ON i.id = r."itemId"
         WHERE i."unitId" = ANY(${ids}::int[]) AND r.status IN ('PUBLISHED', 'SUPERSEDED') AND r."reviewedAt" < ${yearEnd}::timestamp
           AND i."deletedAt" IS NULL`,
    ]);
    const tracked = modules.filter((m) => hasFreshness(m.kind));
    const periods = p.period === 'MONTHLY' ? 12 : 4;
    const out: FedValues = new Map();
    for (const u of p.units) {
      const mine = published.filter((x) => x.unitId === u.id);
      const values = new Map<number, { actual: number; href: string }>();
      for (let n = 1; n <= periods; n++) {
        const start = new Date(Date.UTC(p.year, p.period === 'MONTHLY' ? n - 1 : (n - 1) * 3, 1));
        if (start > p.now || !tracked.length) continue;
        const end = new Date(Date.UTC(p.year, p.period === 'MONTHLY' ? n : n * 3, 1));
        const at = end < p.now ? end : p.now;
        const current = tracked.filter((m) => {
          const last = mine
            .filter((x) => x.moduleId === m.id && x.at < at)
            .reduce<Date | null>((a, x) => (!a || x.at > a ? x.at : a), null);
          const f = freshness(m.cadence, last, at);
          return f === 'current' || f === 'due';
        }).length;
        values.set(n, { actual: Math.round((current / tracked.length) * 1000) / 10, href: `/units/${u.code}` });
      }
      out.set(u.id, values);
    }
    return out;
  },
};
