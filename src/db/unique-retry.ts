import type { Prisma } from '../generated/prisma/client.js';
import type { Db } from './client.js';

/** PostgreSQL refused a row because its unique key is already taken (Prisma's P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'P2002';
}

/**
 * Runs `work` once more when it failed on a unique key. Two saves of the same new thing at the same instant (a
 * double click, two tabs) both find "no row yet" and both insert; the later insert waits for the earlier
 * transaction and then fails. Run again, it finds the row and takes its path for an existing one (an update, or
 * the form's "already exists" message), so the second save ends normally instead of as a 500.
 * `work` must be a whole transaction or a single statement: nothing of the failed attempt is left behind, and its
 * audit entry went with it, so each save is audited once.
 */
export async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return work();
  }
}

type TxFn<T> = (tx: Prisma.TransactionClient) => Promise<T>;

/** `db.$transaction(fn)` for a save that may insert a row on a unique key: run once more if it lost that race. */
export function transactionWithRetry<T>(db: Db, fn: TxFn<T>): Promise<T>;
/** The same with the transaction's options (a longer timeout for a save that stores files). */
export function transactionWithRetry<T>(db: Db, opts: { timeout?: number }, fn: TxFn<T>): Promise<T>;
export function transactionWithRetry<T>(db: Db, a: TxFn<T> | { timeout?: number }, b?: TxFn<T>): Promise<T> {
  const [opts, fn] = typeof a === 'function' ? [undefined, a] : [a, b!];
  return retryOnUniqueViolation(() => db.$transaction(fn, opts));
}
