import type { Cadence } from '../generated/prisma/enums.js';
import { hashed } from './random.js';

const RECORD_COUNT = { MONTHLY: 12, QUARTERLY: 4, YEARLY: 2, ON_EVENT: 3 } as const;
const STEP = { MONTHLY: 30, QUARTERLY: 91, YEARLY: 365, ON_EVENT: 90 } as const;

/**
 * How many days ago each of a records module's demo records happened, newest first: one a period as the cadence asks,
 * but a busy month adds one and a quiet one skips (drawn from `seed`), so no two quarters or branches count alike.
 * The newest stays `newest` days old: the modules left stale on purpose stay so.
 */
export function recordAges(cadence: Cadence, seed: number, newest: number): number[] {
  const ages: number[] = [];
  for (let i = 0; i < RECORD_COUNT[cadence]; i++) {
    const base = newest + i * STEP[cadence];
    const h = hashed(seed * 53 + i);
    if (i > 0 && cadence === 'MONTHLY' && h < 0.15) continue; // nothing that month
    ages.push(i > 0 ? base + Math.floor(hashed(seed * 59 + i) * 7) - 3 : base);
    if (i > 0 && cadence === 'MONTHLY' && h > 0.6) ages.push(base + 8 + Math.floor(hashed(seed * 61 + i) * 10)); // a second one
  }
  return ages;
}
