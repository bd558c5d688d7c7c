import type { PrismaClient } from '../generated/prisma/client.js';
import { cacheKey, isPlainRead, type ReadCache } from './read-cache.js';

/** Reads, which the read cache may answer; writes and anything else always go to the database. */
const CACHED_OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);
const CACHED_RAW = new Set(['$queryRaw', '$queryRawUnsafe']);

/** Raw SQL that asks the database for the time gives another answer tomorrow with the same data: not cached. */
const READS_THE_CLOCK =
  /\b(now\s*\(|current_date|current_timestamp|localtime|localtimestamp|clock_timestamp|statement_timestamp|transaction_timestamp)/i;

type Fn = (...args: unknown[]) => unknown;

/**
 * The Prisma client with its reads answered by `cache` where the request may use it (src/db/read-cache.ts).
 * The check comes before Prisma is called at all: a cached answer costs no query building, no connection and no
 * round trip. Where the cache may not be used (a write, a POST, a transaction's own client, work outside a
 * request) the call goes to Prisma untouched and returns its usual lazy PrismaPromise.
 */
export function withReadCache(client: PrismaClient, cache: ReadCache): PrismaClient {
  const wrapped = new Map<string | symbol, unknown>();
  const proxy = new Proxy(client, {
    get(target, prop) {
      if (wrapped.has(prop)) return wrapped.get(prop);
      const value: unknown = Reflect.get(target, prop, target);
      let out: unknown;
      if (typeof prop === 'string' && CACHED_RAW.has(prop) && typeof value === 'function')
        out = cachedRaw(cache, prop, (value as Fn).bind(target));
      else if (typeof value === 'function') out = (value as Fn).bind(target);
      else if (isModel(prop, value)) out = cachedModel(cache, prop as string, value);
      else return value;
      wrapped.set(prop, out);
      return out;
    },
  });
  caches.set(proxy, cache);
  return proxy;
}

const caches = new WeakMap<object, ReadCache>();

/**
 * A value the page computes from what it read, kept per data generation like the reads themselves (`ReadCache.derived`:
 * shared and frozen). With a client that has no cache (a transaction's, a script's) it is simply computed.
 */
export function derived<T>(db: object, key: unknown[], compute: () => Promise<T>): Promise<T> {
  const cache = caches.get(db);
  return cache ? cache.derived(cacheKey(key), compute) : compute();
}

function isModel(prop: string | symbol, value: unknown): value is Record<string, Fn> {
  return (
    typeof prop === 'string' &&
    !prop.startsWith('$') &&
    !prop.startsWith('_') &&
    typeof (value as { findMany?: unknown } | null)?.findMany === 'function'
  );
}

function cachedModel(cache: ReadCache, model: string, delegate: Record<string, Fn>) {
  const ops = new Map<string | symbol, unknown>();
  return new Proxy(delegate, {
    get(target, op) {
      if (ops.has(op)) return ops.get(op);
      const value = Reflect.get(target, op, target) as unknown;
      if (typeof value !== 'function') return value;
      const call = (value as Fn).bind(target);
      const out =
        typeof op === 'string' && CACHED_OPERATIONS.has(op)
          ? (args?: unknown) =>
              cache.usable() ? cache.read(cacheKey([model, op, args]), () => call(args) as Promise<unknown>) : call(args)
          : call;
      ops.set(op, out);
      return out;
    },
  });
}

function cachedRaw(cache: ReadCache, op: string, call: Fn) {
  return (...args: unknown[]) => {
    if (!cache.usable() || !isPlainRead(sqlText(args[0]))) return call(...args);
    const key = cacheKey([op, args]);
    if (READS_THE_CLOCK.test(key)) return call(...args);
    return cache.read(key, () => call(...args) as Promise<unknown>);
  };
}

/** The statement of a raw query: a string, a tagged template's strings, or a Prisma.sql object. */
function sqlText(first: unknown): string {
  if (typeof first === 'string') return first;
  if (Array.isArray(first)) return first.join('?');
  const strings = (first as { strings?: unknown } | null)?.strings;
  return Array.isArray(strings) ? strings.join('?') : '';
}
