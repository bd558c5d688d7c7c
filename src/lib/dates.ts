import dayjs from 'dayjs';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `s` (YYYY-MM-DD) names a real calendar day between 1900 and 2100. `Date.parse` is not enough:
 * it accepts 2026-02-30 and rolls it over to March.
 */
export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2100) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The start of `d`'s day in UTC, when the boards' periods end and their deadlines pass. */
export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** Today in the factory's local time, as YYYY-MM-DD. */
export function localToday(): string {
  return dayjs().format('YYYY-MM-DD');
}

/** A YYYY-MM-DD day as the Date that a `@db.Date` column stores (midnight UTC). */
export function dayOf(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}

/** A `@db.Date` value back to YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
