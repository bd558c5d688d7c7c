import { vi } from 'vitest';

/**
 * Stands the clock still on the 5th of a month at 08:00 UTC, not before the real time (sessions expire by the
 * database's clock): the month before is due and open (deadline the 10th), the month in progress is not yet open.
 */
export function standOnReportingDay() {
  const d = new Date();
  let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 5, 8);
  if (t < Date.now()) t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 5, 8);
  vi.useFakeTimers({ toFake: ['Date'], now: t });
  const now = new Date(t);
  const due = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return {
    now,
    inProgress: { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 },
    due: { year: due.getUTCFullYear(), month: due.getUTCMonth() + 1 },
  };
}
