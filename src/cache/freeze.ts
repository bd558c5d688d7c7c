/**
 * A date no page can move. `Object.freeze` does not reach a Date's time: `setHours` on a date inside a shared value
 * would change it for every request of the generation. Its copies (`new Date(d)`) are ordinary dates.
 */
class FixedDate extends Date {}
for (const name of Object.getOwnPropertyNames(Date.prototype)) {
  if (!name.startsWith('set')) continue;
  Object.defineProperty(FixedDate.prototype, name, {
    value() {
      throw new TypeError(`a date shared by every request cannot be changed (${name}): change a copy, new Date(d)`);
    },
  });
}

/** Freezes `value` and everything in it, dates replaced by FixedDates; returns it (a date: its FixedDate). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  if (value instanceof Date) return Object.freeze(value instanceof FixedDate ? value : new FixedDate(value.getTime())) as T;
  const obj = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    const frozen = deepFreeze(v);
    if (frozen !== v) obj[k] = frozen;
  }
  return Object.freeze(value);
}
