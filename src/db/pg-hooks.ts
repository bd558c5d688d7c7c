import { AsyncResource } from 'node:async_hooks';
import pg from 'pg';

/**
 * One place that sees every SQL statement the process sends, whichever library sent it (Prisma's adapter, the
 * session store, raw pg): the query counter, the read cache's write detection and the change feed listen here.
 */
type Listener = (sql: string) => void;
/** Told of a statement as it is sent; may return a function to be called once it has completed (or failed). */
type StatementListener = (sql: string, client: object) => (() => void) | void;
const listeners: Listener[] = [];
const statementListeners: StatementListener[] = [];
let installed = false;

/** Marks a client whose statements are the hooks' own business (the change feed's): listeners do not see them. */
export const QUIET = Symbol('quiet pg client');

/** Calls `listener` with the text of each statement, in the async context of whoever sent it. */
export function onQuery(listener: Listener): void {
  install();
  if (!listeners.includes(listener)) listeners.push(listener);
}

/** Like `onQuery`, with the client that sends the statement and a way to hear of its completion. */
export function onStatement(listener: StatementListener): void {
  install();
  if (!statementListeners.includes(listener)) statementListeners.push(listener);
}

function install(): void {
  if (installed) return;
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: Record<symbol, unknown>, ...args: unknown[]) {
    if (this[QUIET]) return original.apply(this, args);
    const q = args[0];
    const sql = typeof q === 'string' ? q : String((q as { text?: string })?.text ?? '');
    for (const l of listeners) l(sql);
    const done: (() => void)[] = [];
    for (const l of statementListeners) {
      const d = l(sql, this);
      if (d) done.push(d);
    }
    return done.length ? callWithCompletion(this, original, args, () => done.forEach((d) => d())) : original.apply(this, args);
  };
  // pg.Pool hands a freed client to a waiting caller from inside the releasing caller's callback, so a query
  // queued for a connection would run in the async context of whichever request released it. Binding the
  // waiting callback to its own caller keeps each statement with the request that sent it.
  const poolProto = pg.Pool.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const connect = poolProto.connect;
  poolProto.connect = function (this: unknown, ...args: unknown[]) {
    if (typeof args[0] === 'function') args[0] = AsyncResource.bind(args[0] as (...a: unknown[]) => unknown);
    return connect.apply(this, args);
  };
}

/**
 * Runs a pg query and calls `completed` when it has finished, before the caller hears of it (so a page that
 * redirects after a commit is sent only after the listeners know of the commit): pg takes a callback as the last
 * argument, or in the query config, or returns a promise.
 */
function callWithCompletion(client: unknown, query: (...args: unknown[]) => unknown, args: unknown[], completed: () => void): unknown {
  const last = args.length - 1;
  if (typeof args[last] === 'function') {
    const cb = args[last] as (...a: unknown[]) => unknown;
    args[last] = function (this: unknown, ...a: unknown[]) {
      completed();
      return cb.apply(this, a);
    };
    return query.apply(client, args);
  }
  const config = args[0] as { callback?: (...a: unknown[]) => unknown; submit?: unknown; once?: (e: string, f: () => void) => void } | null;
  if (config && typeof config.submit === 'function') {
    config.once?.('end', completed);
    config.once?.('error', completed);
    return query.apply(client, args);
  }
  if (config && typeof config.callback === 'function') {
    const cb = config.callback;
    config.callback = function (this: unknown, ...a: unknown[]) {
      completed();
      return cb.apply(this, a);
    };
    return query.apply(client, args);
  }
  const result = query.apply(client, args) as Promise<unknown> | undefined;
  if (result && typeof result.then === 'function') {
    return result.then(
      (r) => {
        completed();
        return r;
      },
      (e: unknown) => {
        completed();
        throw e;
      },
    );
  }
  completed();
  return result;
}
