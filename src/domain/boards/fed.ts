import type { Db } from '../../db/client.js';
import type { TargetPeriod } from '../../generated/prisma/enums.js';
import { periodsOf } from './rules.js';
import { boardSource, type FedValues } from './sources.js';

/** A figure of a target, typed or fed (the fields a board reads). */
export interface FedMeasurement {
  period: number;
  actual: number;
  note: string;
  late: boolean;
  officeReason: string;
  reportedAt: Date;
  correctedAt: Date | null;
  /** Computed by the portal from its records (自动), not typed. */
  auto?: boolean;
  href?: string;
}

type Fedable = { unitId: number; year: number; period: TargetPeriod; source: string | null; measurements: FedMeasurement[] };

/**
 * Gives every target that names a source its figures from that source, computed now from the records (so they follow
 * every publication and take-down). A figure the office corrected (a measurement row, with its reason) stands instead.
 * One computation per source and period kind for all the targets' units: a fixed number of statements.
 */
export async function withFedValues<T extends Fedable>(db: Db, targets: T[], now: Date): Promise<T[]> {
  const fed = targets.filter((t) => boardSource(t.source));
  if (!fed.length) return targets;
  const units = await db.unit.findMany({ where: { id: { in: [...new Set(fed.map((t) => t.unitId))] } }, select: { id: true, code: true } });
  const groups = new Map<string, T[]>();
  for (const t of fed) groups.set(`${t.source}|${t.period}|${t.year}`, [...(groups.get(`${t.source}|${t.period}|${t.year}`) ?? []), t]);
  const values = new Map<string, FedValues>();
  await Promise.all(
    [...groups].map(async ([key, list]) => {
      const ids = new Set(list.map((t) => t.unitId));
      const source = boardSource(list[0].source)!;
      values.set(
        key,
        await source.compute(db, { units: units.filter((u) => ids.has(u.id)), year: list[0].year, period: list[0].period, now }),
      );
    }),
  );
  return targets.map((t) => {
    const v = values.get(`${t.source}|${t.period}|${t.year}`)?.get(t.unitId);
    if (!boardSource(t.source)) return t;
    const corrected = new Map(t.measurements.map((m) => [m.period, m]));
    const measurements: FedMeasurement[] = [];
    for (let n = 1; n <= periodsOf(t.period); n++) {
      const c = corrected.get(n);
      const auto = v?.get(n);
      if (c) measurements.push({ ...c, href: auto?.href });
      else if (auto)
        measurements.push({
          period: n,
          actual: auto.actual,
          note: '',
          late: false,
          officeReason: '',
          reportedAt: now,
          correctedAt: null,
          auto: true,
          href: auto.href,
        });
    }
    return { ...t, measurements };
  });
}
