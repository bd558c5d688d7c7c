import { deepFreeze } from './freeze.js';

/**
 * Values computed once per data generation and shared by every request that read that generation.
 *
 * Every committed write raises the data generation (one row kept by triggers on every table: the data_generation
 * migration), and each request reads it with its session, in one statement. A value kept for generation N was
 * computed from data at least as new as N, so a request that read N (or an older N, which computes for itself) is
 * never shown anything older than its own view of the database, whichever app process wrote. Values are frozen: a
 * page that tried to change one would fail instead of changing what the next reader sees.
 */
export class GenerationCache {
  private generation = -1n;
  private readonly entries = new Map<string, Promise<unknown>>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 1000) {}

  /** `compute()`'s value for `key` at `generation`: kept from an earlier request of the generation, or computed now. */
  get<T>(generation: bigint, key: string, compute: () => Promise<T>): Promise<T> {
    // a request that began before a newer write computes for itself and keeps nothing
    if (generation < this.generation) return compute().then(deepFreeze);
    if (generation > this.generation) {
      this.entries.clear();
      this.generation = generation;
    }
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      // least recently used goes first: a hit moves to the end
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    this.misses++;
    const pending = compute().then(deepFreeze);
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A stable text for a key's parts (BigInt and Date included). */
export function cacheKey(parts: readonly unknown[]): string {
  return JSON.stringify(parts, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}
