/**
 * Quarters of the calendar year, in UTC like every other period of the portal (the board's months and quarters,
 * src/domain/boards/rules.ts): quarter n of a year runs from UTC midnight of its first day up to, not including,
 * UTC midnight of the next quarter's first day.
 */
export interface QuarterRef {
  year: number;
  quarter: number;
}

/** [start, end): the first instant of the quarter and the first instant after it. */
export function quarterRange(year: number, quarter: number): { start: Date; end: Date } {
  return { start: new Date(Date.UTC(year, (quarter - 1) * 3, 1)), end: new Date(Date.UTC(year, quarter * 3, 1)) };
}

/** The quarter that `date` falls in. */
export function quarterOf(date: Date): QuarterRef {
  return { year: date.getUTCFullYear(), quarter: Math.floor(date.getUTCMonth() / 3) + 1 };
}

export function previousQuarter(q: QuarterRef): QuarterRef {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 };
}

/** Whether the quarter is over at `now` (only ended quarters can be computed). */
export function hasEnded(q: QuarterRef, now: Date): boolean {
  return now.getTime() >= quarterRange(q.year, q.quarter).end.getTime();
}

/** The latest quarter that has ended by `now`. */
export function lastEndedQuarter(now: Date): QuarterRef {
  return previousQuarter(quarterOf(now));
}

export const quarterLabel = (q: QuarterRef) => `${q.year}年第${'一二三四'[q.quarter - 1]}季度`;
export const quarterShortLabel = (q: QuarterRef) => `${q.year}Q${q.quarter}`;
/** Orders quarters in time (for sorting and comparing). */
export const quarterIndex = (q: QuarterRef) => q.year * 4 + (q.quarter - 1);
