import { AsyncLocalStorage } from 'node:async_hooks';
import { onQuery } from './pg-hooks.js';

/**
 * Caching what pages read, never stale.
 *
 * Every committed write raises the database's data generation (one row, kept by triggers on every table: see the
 * data_generation migration). A request reads that number together with its session, in the one statement the
 * session needs anyway (src/web/middleware/session.ts). Reads are then cached under that number: a request that
 * sees a higher number starts from an empty cache, one that sees a lower number (it began before a write another
 * request saw) neither uses nor fills it. Because the number changes in the same commit as the data, and every app
 * process reads it per request, a cached answer is never older than the request's own view of the database, with
 * one process or several on one database.
 *
 * Only reads of a GET request that has not written anything yet are cached: once a request writes (a page view
 * that moves a marker, a notice that records its reading) its later reads go to the database, so it sees its own
 * write. The cache keeps its own copy of each answer and hands out copies (Prisma itself writes into the results it
 * returns, and a page may sort or extend them), so no request can change what another one reads.
 */
interface ReadContext {
  generation?: bigint;
  wrote: boolean;
  /** The person wrote moments ago (perhaps through another app process): ask the database, not the change feed. */
  askDatabase?: boolean;
  /** Something ran `uncached` for it: what the request read may have changed without a new generation. */
  leftGeneration?: boolean;
  /** Work run by `uncached`: it reads and writes only what raises no data generation. */
  outsideGeneration?: boolean;
}

const context = new AsyncLocalStorage<ReadContext>();
onQuery(noteWrites);

/** Runs the rest of a request in a read context; `readOnly` is false for requests that are meant to write. */
export function runInReadContext<T>(readOnly: boolean, work: () => T): T {
  return context.run({ wrote: !readOnly }, work);
}

/**
 * Runs `work` with the cache left aside, without ending caching for the rest of the request, and without its writes
 * counting as the request's: for a table that raises no generation (see the data_generation migration) and must
 * therefore never be read through the cache, and for bookkeeping nobody reads (a session's expiry written back).
 *
 * `fixedForTheMinute`: the caller vouches that what `work` returns may be shown unchanged for the rest of the minute
 * (the morning review's "since", fixed through a sitting; view counts, read once a minute), so the page showing it may
 * still be kept for the minute by the page cache; without it the request counts as having read outside the generation.
 */
export function uncached<T>(work: () => T, opts: { fixedForTheMinute?: boolean } = {}): T {
  const outer = context.getStore();
  if (outer && !opts.fixedForTheMinute) outer.leftGeneration = true;
  return context.run({ wrote: true, outsideGeneration: true }, work);
}

/** Whether the running work is `uncached` work: its writes change nothing the data generation or a cache covers. */
export function outsideGeneration(): boolean {
  return context.getStore()?.outsideGeneration === true;
}

/** A snapshot's generation, read with the session: from here on this request's reads may use the cache. */
export function readContext(): ReadContext | undefined {
  return context.getStore();
}

/** Any statement that is not a plain read (or a transaction's BEGIN) ends caching for the rest of the request. */
function noteWrites(sql: string): void {
  const ctx = context.getStore();
  if (!ctx || ctx.wrote) return;
  if (!isPlainRead(sql)) ctx.wrote = true;
}

export function isPlainRead(sql: string): boolean {
  const head = sql.trimStart().slice(0, 6).toUpperCase();
  if (head === 'SELECT') return !/\bFOR\s+(UPDATE|SHARE|NO\s+KEY|KEY)\b/i.test(sql);
  return head.startsWith('WITH') && !/\b(INSERT|UPDATE|DELETE|MERGE)\b/i.test(sql);
}

export class ReadCache {
  private generation = -1n;
  private readonly entries = new Map<string, Promise<unknown>>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxEntries = 2000) {}

  /** Whether the current request may read from (and fill) the cache now. */
  usable(): boolean {
    const ctx = context.getStore();
    return !!ctx && !ctx.wrote && ctx.generation !== undefined && ctx.generation >= this.generation;
  }

  /** `load()`'s answer, from the cache when this request may use it and the same read was made at its generation. */
  read<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.usable() ? this.kept(key, load).then(copy) : load();
  }

  /**
   * A value computed from cached reads (a board's rows with their statuses), computed once per generation and shared
   * by every request without a copy: it is frozen, so code that tried to change it would fail instead of changing
   * what others see. Only for values the pages read and never change.
   */
  derived<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.usable() ? this.kept(`derived:${key}`, () => compute().then(deepFreeze)) : compute();
  }

  /** The entry for `key` at the request's generation, loaded now if there is none. */
  private kept<T>(key: string, load: () => Promise<T>): Promise<T> {
    const generation = context.getStore()!.generation!;
    if (generation > this.generation) {
      this.entries.clear();
      this.generation = generation;
    }
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      // Least recently used goes first: a hit moves to the end.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as Promise<T>;
    }
    this.misses++;
    const pending = load();
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

/** A deep copy of a query's answer: rows are plain objects and arrays of scalars, Dates and JSON values. */
function copy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = copy((value as Record<string, unknown>)[k]);
  return out as T;
}

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
function deepFreeze<T>(value: T): T {
  // Bytes cannot be frozen; kept bytes (a rendered part of a page) are written to the socket, never changed.
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  if (value instanceof Date) return Object.freeze(value instanceof FixedDate ? value : new FixedDate(value.getTime())) as T;
  const obj = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    const frozen = deepFreeze(v);
    if (frozen !== v) obj[k] = frozen;
  }
  return Object.freeze(value);
}

/** A stable text for a query's arguments (BigInt and Date included) to key the cache with. */
export function cacheKey(parts: unknown[]): string {
  return JSON.stringify(parts, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}
