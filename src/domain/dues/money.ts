/**
 * Money in whole fen (分) and rates in basis points: integers only, so that 应缴 is exact to the fen (no floats).
 */

const YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/;
const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "3000", "3000.5", "3000.01" → fen; null when the text is not a non-negative amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  const m = YUAN.exec(text.trim().replace(/,/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** fen → "3000.00". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** "0.5" (percent) → 50 basis points; null when not a percentage with at most two decimals. */
export function parsePercent(text: string): number | null {
  const m = PERCENT.exec(text.trim().replace(/%$/, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 50 basis points → "0.5%". */
export function percent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/** base × rate, rounded half up to the fen, in integers (base ≤ 2·10⁷ fen and bp ≤ 10⁴ stay far below 2⁵³). */
export function applyRate(baseFen: number, bp: number): number {
  return Math.floor((baseFen * bp + 5000) / 10000);
}
