import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { onStatement, QUIET } from './pg-hooks.js';
import { isPlainRead, outsideGeneration } from './read-cache.js';

/**
 * What this process knows of the database's changes without asking it: the data generation and which sessions
 * changed, pushed by PostgreSQL's LISTEN/NOTIFY (triggers in the change_feed migration). With it a page read
 * again by a signed-in person needs no SQL at all: the session comes from memory and the reads from the read cache.
 *
 * When it may be trusted (`fast()`):
 * - Its connection listens, and its own notification came back (a pooler in transaction mode that drops LISTEN
 *   would never pass that test; a heartbeat repeats it and reconnects when it fails).
 * - No write of this process is waiting for its notifications: every write this process commits (a statement
 *   outside a transaction, or a transaction's COMMIT) is followed by a notification of its own on the feed's
 *   connection, and PostgreSQL delivers notifications in commit order; until that one is back, requests ask the
 *   database as before. So a page shown after one's own save (the redirect after a POST) always shows it, and a
 *   session deleted by this process (logout, deactivation, a password change) is gone at once.
 * A write made by another process (a second app node, a script) is seen here when its notification arrives,
 * normally within a millisecond of its commit: as if this page had been asked for that millisecond earlier.
 */
export const CHANNELS = { generation: 'portal_generation', session: 'portal_session', sync: 'portal_sync' } as const;
const HEARTBEAT_MS = 30_000;
const SYNC_TIMEOUT_MS = 10_000;
const MAX_SESSIONS = 20_000;

type Log = (message: string, err?: unknown) => void;

export class ChangeFeed {
  /** The newest data generation notified (or read when listening began). */
  generation: bigint | undefined;
  private client: pg.Client | undefined;
  /** LISTEN is in place on `client`. */
  private connected = false;
  /** And its own notification came back and the generation was read: what it hears may be trusted. */
  private ready = false;
  private stopped = false;
  /** The current outage has been logged (the feed retries every second). */
  private warned = false;
  private readonly id = randomUUID().slice(0, 8);
  private seq = 0;
  /** Writes of this process completed since the last sync notification was sent. */
  private unsent = 0;
  /** A sync notification for some of them is on its way. */
  private syncing = false;
  /** Sync notifications on their way back, with the number of writes each one vouches for. */
  private readonly inFlight = new Map<string, number>();
  private readonly waiters = new Map<string, () => void>();
  private heartbeat: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  readonly sessions = new SessionMemory();

  constructor(
    private readonly connectionString: string,
    private readonly log: Log = () => {},
  ) {
    feeds.add(this);
  }

  /** Whether a request may take the generation and sessions from here instead of asking the database. */
  fast(): boolean {
    return this.ready && this.unsent === 0 && this.inFlight.size === 0;
  }

  start(): void {
    if (this.stopped || this.client) return;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    feeds.delete(this);
    clearTimeout(this.retry);
    this.reset();
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }

  /**
   * Resolves once every change committed before the call has been heard and this process's own writes are vouched
   * for (tests; a deliberate barrier).
   */
  async sync(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (!this.ready) throw new Error('change feed not listening');
      await this.roundTrip(0);
      if (this.fast()) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** A mark for a session look-up starting now (see `SessionMemory.put`), or nothing when not listening. */
  sessionMark(): number | undefined {
    return this.ready ? this.sessions.mark() : undefined;
  }

  /** A write of this process has completed: trust nothing until its notifications are known to have arrived. */
  writeCompleted(): void {
    this.unsent++;
    if (!this.syncing) queueMicrotask(() => this.flush());
  }

  /**
   * Sends one sync notification for all writes completed since the last one. One at a time: under a burst of writes
   * each notifying commit waits its turn behind the others, and one per write queued without end (the load test).
   */
  private flush(): void {
    if (this.syncing || !this.unsent) return;
    if (!this.connected) {
      this.unsent = 0; // covered by the generation read when listening begins again
      return;
    }
    const count = this.unsent;
    this.unsent = 0;
    this.syncing = true;
    this.roundTrip(count).then(
      () => {
        this.syncing = false;
        this.flush();
      },
      (e: unknown) => {
        this.syncing = false;
        this.reconnect(e);
      },
    );
  }

  private roundTrip(count: number): Promise<void> {
    const token = `${this.id}:${++this.seq}`;
    this.inFlight.set(token, count);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(token);
        reject(new Error('change feed: own notification did not come back'));
      }, SYNC_TIMEOUT_MS);
      this.waiters.set(token, () => {
        clearTimeout(timer);
        resolve();
      });
      this.send(`SELECT pg_notify('${CHANNELS.sync}', $1)`, [token]).catch((e: unknown) => {
        clearTimeout(timer);
        this.waiters.delete(token);
        reject(e as Error);
      });
    });
  }

  /** pg wants one statement at a time per connection: the feed's are chained. */
  private send(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('change feed not connected'));
    const next = this.queue.then(() => client.query(sql, params));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    (client as unknown as Record<symbol, boolean>)[QUIET] = true;
    this.client = client;
    this.queue = Promise.resolve();
    client.on('notification', (n) => this.heard(n.channel, n.payload ?? ''));
    client.on('error', (e) => this.client === client && this.reconnect(e));
    client.on('end', () => this.client === client && this.reconnect(new Error('connection ended')));
    try {
      await client.connect();
      for (const channel of Object.values(CHANNELS)) await this.send(`LISTEN ${channel}`);
      // Writes vouched for by notifications sent on an earlier connection are covered by the generation read below.
      this.inFlight.clear();
      this.connected = true;
      await this.roundTrip(0);
      const { rows } = (await this.send('SELECT "n"::text AS n FROM "DataGeneration" WHERE "id" = 1')) as pg.QueryResult<{ n: string }>;
      if (!rows[0]) throw new Error('no data generation yet');
      const read = BigInt(rows[0].n);
      if (this.generation === undefined || read > this.generation) this.generation = read;
      this.sessions.clear();
      this.ready = true;
      this.warned = false;
      this.heartbeat = setInterval(() => this.roundTrip(0).catch((e: unknown) => this.reconnect(e)), HEARTBEAT_MS).unref();
    } catch (e) {
      if (this.client === client) this.reconnect(e);
    }
  }

  private reconnect(err: unknown): void {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    this.reset();
    if (!this.stopped && !this.warned) this.log('change feed: not listening, pages ask the database until it is back', err);
    this.warned = true;
    client.end().catch(() => {});
    if (!this.stopped) this.retry = setTimeout(() => this.start(), 1000).unref();
  }

  /** Forgets everything heard: until listening again, every request asks the database. */
  private reset(): void {
    this.connected = false;
    this.ready = false;
    this.generation = undefined;
    clearInterval(this.heartbeat);
    this.sessions.clear();
    for (const done of this.waiters.values()) done();
    this.waiters.clear();
  }

  private heard(channel: string, payload: string): void {
    if (channel === CHANNELS.generation) {
      const n = BigInt(payload);
      if (this.connected && (this.generation === undefined || n > this.generation)) this.generation = n;
    } else if (channel === CHANNELS.session) {
      if (payload === '*') this.sessions.clear();
      else this.sessions.evict(payload);
    } else if (channel === CHANNELS.sync && this.inFlight.has(payload)) {
      this.inFlight.delete(payload);
      this.waiters.get(payload)?.();
      this.waiters.delete(payload);
    }
  }
}

/** Sessions as last read from the database, each with its expiry; any notified change evicts one. */
export class SessionMemory {
  private readonly entries = new Map<string, { json: string; expires: number }>();
  /** Counts evictions, so a look-up that raced with one does not store what it read. */
  private evictions = 0;

  get(sid: string): string | undefined {
    const e = this.entries.get(sid);
    if (!e) return undefined;
    if (e.expires > Date.now()) return e.json;
    this.entries.delete(sid);
    return undefined;
  }

  /** A mark to pass to `put` for a look-up starting now. */
  mark(): number {
    return this.evictions;
  }

  /**
   * Keeps what a look-up read, unless a change was heard since it began (`mark`): what it read may then be older than
   * that change. A change heard after this is stored evicts it as usual.
   */
  put(sid: string, json: string, expires: number, mark: number): void {
    if (mark !== this.evictions) return;
    this.entries.delete(sid);
    this.entries.set(sid, { json, expires });
    if (this.entries.size > MAX_SESSIONS) this.entries.delete(this.entries.keys().next().value!);
  }

  evict(sid: string): void {
    this.evictions++;
    this.entries.delete(sid);
  }

  clear(): void {
    this.evictions++;
    this.entries.clear();
  }
}

// ---- Which statements commit a write, per connection -------------------------------------------------------------

const feeds = new Set<ChangeFeed>();
const transactions = new WeakMap<object, { open: boolean; wrote: boolean }>();
const NEUTRAL = /^\s*(SAVEPOINT|RELEASE|ROLLBACK\s+TO|SET|SHOW|LISTEN|UNLISTEN|DEALLOCATE|DISCARD|RESET)\b/i;

onStatement((sql, client) => {
  // A review marker moved or a session's expiry written back changes nothing the feed vouches for: the feed need not
  // wait for a notification after it (each look at the morning review would otherwise send this process's readers
  // to the database until one came back).
  if (!feeds.size || outsideGeneration()) return;
  let tx = transactions.get(client);
  if (!tx) transactions.set(client, (tx = { open: false, wrote: false }));
  const head = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  if (head === 'BEGIN' || head === 'START') {
    tx.open = true;
    tx.wrote = false;
    return;
  }
  if ((head === 'COMMIT' || head === 'END' || head === 'ROLLBACK' || head === 'ABORT') && !NEUTRAL.test(sql)) {
    const wrote = tx.open && tx.wrote;
    tx.open = false;
    tx.wrote = false;
    return wrote ? writeCompleted : undefined;
  }
  if (NEUTRAL.test(sql) || isPlainRead(sql)) return;
  if (tx.open) {
    tx.wrote = true;
    return;
  }
  return writeCompleted;
});

function writeCompleted(): void {
  for (const feed of feeds) feed.writeCompleted();
}
