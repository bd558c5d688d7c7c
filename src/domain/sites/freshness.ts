import type { Cadence } from '../../generated/prisma/enums.js';

/**
 * Whether a module is kept up to date, from its cadence and when it was last published. The rule, shown as a
 * legend on every site:
 *
 * | cadence  | current while the last publication is younger than | due soon from | overdue after |
 * | -------- | ------------------------------------------------- | ------------- | ------------- |
 * | MONTHLY  | 31 days                                           | day 25        | day 31        |
 * | QUARTERLY| 92 days                                           | day 80        | day 92        |
 * | YEARLY   | 366 days                                          | day 335       | day 366       |
 * | ON_EVENT | always, once it has content                       | never         | never         |
 *
 * A module with nothing published is `empty`, whatever its cadence.
 */
export type Freshness = 'current' | 'due' | 'overdue' | 'empty';

const DAY = 86_400_000;
export const FRESHNESS_WINDOWS: Record<Exclude<Cadence, 'ON_EVENT'>, { dueAfterDays: number; overdueAfterDays: number }> = {
  MONTHLY: { dueAfterDays: 25, overdueAfterDays: 31 },
  QUARTERLY: { dueAfterDays: 80, overdueAfterDays: 92 },
  YEARLY: { dueAfterDays: 335, overdueAfterDays: 366 },
};

export function freshness(cadence: Cadence, lastPublishedAt: Date | null | undefined, now: Date = new Date()): Freshness {
  if (!lastPublishedAt) return 'empty';
  if (cadence === 'ON_EVENT') return 'current';
  const age = (now.getTime() - lastPublishedAt.getTime()) / DAY;
  const w = FRESHNESS_WINDOWS[cadence];
  if (age >= w.overdueAfterDays) return 'overdue';
  if (age >= w.dueAfterDays) return 'due';
  return 'current';
}

export const FRESHNESS_LABELS: Record<Freshness, string> = { current: '已更新', due: '即将到期', overdue: '已逾期', empty: '空白' };

/** Only modules whose content the unit publishes have a freshness; boards, rosters and linked views do not. */
export function hasFreshness(kind: string): boolean {
  return kind === 'PAGE' || kind === 'RECORDS';
}
