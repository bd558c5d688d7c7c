import type { ObligationFrequency } from '../../generated/prisma/enums.js';

/** One period of an obligation within a year: its key (YYYY-MM, YYYY-Qn, YYYY), label and bounds in UTC days. */
export interface Period {
  key: string;
  label: string;
  start: Date;
  /** The first day after the period. */
  end: Date;
}

const utc = (y: number, m: number) => new Date(Date.UTC(y, m, 1));

/** The periods of `year` for a frequency, in order. */
export function periodsOf(year: number, frequency: ObligationFrequency): Period[] {
  if (frequency === 'YEARLY') return [{ key: String(year), label: `${year}年`, start: utc(year, 0), end: utc(year + 1, 0) }];
  if (frequency === 'QUARTERLY')
    return [1, 2, 3, 4].map((q) => ({ key: `${year}-Q${q}`, label: `第${q}季度`, start: utc(year, (q - 1) * 3), end: utc(year, q * 3) }));
  return Array.from({ length: 12 }, (_, i) => ({
    key: `${year}-${String(i + 1).padStart(2, '0')}`,
    label: `${i + 1}月`,
    start: utc(year, i),
    end: utc(year, i + 1),
  }));
}

/** The period of `frequency` that holds day `d`. */
export function periodKeyOf(d: Date, frequency: ObligationFrequency): string {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (frequency === 'YEARLY') return String(y);
  if (frequency === 'QUARTERLY') return `${y}-Q${Math.floor(m / 3) + 1}`;
  return `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Whether `key` names a period of `frequency` (a form's hidden field). */
export function isPeriodKey(key: string, frequency: ObligationFrequency): boolean {
  const re = frequency === 'YEARLY' ? /^\d{4}$/ : frequency === 'QUARTERLY' ? /^\d{4}-Q[1-4]$/ : /^\d{4}-(0[1-9]|1[0-2])$/;
  return re.test(key);
}
