/** The largest PostgreSQL `integer` (Prisma `Int`), the type of every id: a larger number makes the database refuse the query. */
export const MAX_ID = 2_147_483_647;

/** An id as a URL or a form gives it (digits, 1 to MAX_ID), or null when it cannot name a row. */
export function toId(v: unknown): number | null {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string' || !/^[1-9]\d{0,9}$/.test(s)) return null;
  const n = Number(s);
  return n <= MAX_ID ? n : null;
}
