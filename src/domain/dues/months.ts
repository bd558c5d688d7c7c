import { localToday } from '../../lib/dates.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The current month in the factory's local time, YYYY-MM. */
export const thisMonth = () => localToday().slice(0, 7);

/** Whether `s` is a YYYY-MM month between 2000 and 2100. */
export function isMonth(s: string): boolean {
  const m = MONTH.exec(s);
  return !!m && Number(m[1]) >= 2000 && Number(m[1]) <= 2100;
}

/** A YYYY-MM month as the Date of its first day (a `@db.Date` value). */
export const monthStart = (s: string) => new Date(`${s}-01T00:00:00Z`);

/** The month after `s`, YYYY-MM. */
export function nextMonth(s: string): string {
  const d = monthStart(s);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 7);
}

/** A `@db.Date` month start back to YYYY-MM. */
export const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** The `n` months up to and including `last`, oldest first. */
export function monthsUpTo(last: string, n: number): string[] {
  const out = [last];
  const d = monthStart(last);
  for (let i = 1; i < n; i++) {
    d.setUTCMonth(d.getUTCMonth() - 1);
    out.unshift(d.toISOString().slice(0, 7));
  }
  return out;
}
