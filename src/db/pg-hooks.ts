import { AsyncResource } from 'node:async_hooks';
import pg from 'pg';

/**
 * One place that sees every SQL statement the process sends, whichever library sent it (Prisma's adapter, the
 * session store, raw pg): the query counter and the read cache's write detection listen here.
 */
type Listener = (sql: string) => void;
const listeners: Listener[] = [];
let installed = false;

/** Calls `listener` with the text of each statement, in the async context of whoever sent it. */
export function onQuery(listener: Listener): void {
  install();
  if (!listeners.includes(listener)) listeners.push(listener);
}

function install(): void {
  if (installed) return;
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const q = args[0];
    const sql = typeof q === 'string' ? q : String((q as { text?: string })?.text ?? '');
    for (const l of listeners) l(sql);
    return original.apply(this, args);
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
