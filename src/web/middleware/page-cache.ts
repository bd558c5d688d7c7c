import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { ChangeFeed } from '../../db/change-feed.js';
import { readContext } from '../../db/read-cache.js';
import { startOfMinute } from '../../lib/dates.js';
import { carriesFresh } from './fresh-reads.js';
import { SESSION_COOKIE } from './session.js';

/**
 * A page as it was last sent to a session, sent again to that session, before Express, while nothing it shows can
 * have changed: the same data generation (src/db/change-feed.ts, trusted), the same minute (boards and deadlines are
 * "as of" the minute), and the session exactly as it was (the same stored JSON: no flash message queued, not ended,
 * not logged out, no new CSRF token). A person re-reading a page, going back to it, or a browser reloading it then
 * costs no routing, no template and no SQL; any write anywhere, a new minute or a session change renders it again.
 *
 * Kept per session, not per person or role: pages carry the session's CSRF token and the person's own counts (unread
 * notices), and a page can only be had with the signed session cookie it was rendered for (the key is the cookie's
 * signed value, checked by express-session when the page was rendered).
 *
 * Only what was provably a pure read is kept: a GET answering 200 with HTML, from the read cache, that wrote nothing,
 * read nothing outside the data generation (`uncached`, unless vouched fixed for the minute, as the morning review's
 * marker is), did not ask the database
 * for a person who wrote moments ago, and sent only the session's own cookie. Side effects a page has besides reading
 * (a view counted in memory) are declared with `repeatOnHit` and repeated on every hit.
 */
const MAX_BYTES = 16 * 1024 * 1024;
const MAX_PAGE_BYTES = 512 * 1024;
const REPEAT = Symbol('pageCacheRepeat');

interface Page {
  generation: bigint;
  minute: number;
  sid: string;
  session: string;
  userId: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  repeat: (() => void)[];
}

export interface PageCacheOptions {
  feed: ChangeFeed;
  ready: () => boolean;
  /** A request that asks to leave caches aside (tests, the benchmark). */
  bypass?: (req: IncomingMessage) => boolean;
  /** The access log's line for a page sent from here. */
  served?: (req: IncomingMessage, res: ServerResponse, userId: number, ms: number) => void;
}

type Repeatable = Response & { [REPEAT]?: (() => void)[] };

/** Runs `effect` now and again whenever this response's page is sent from the page cache. */
export function repeatOnHit(res: Response, effect: () => void): void {
  effect();
  ((res as Repeatable)[REPEAT] ??= []).push(effect);
}

const minuteNow = () => startOfMinute(Date.now()).getTime();
const SIGNED_SESSION = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE.replace('.', '\\.')}=([^;]*)`);

export class PageCache {
  private readonly pages = new Map<string, Page>();
  private bytes = 0;
  /** Pages sent from here (tests read it). */
  readonly counts = { hits: 0 };

  constructor(private readonly opts: PageCacheOptions) {}

  /** Sends the kept page if it may be; false lets the request go to Express. Runs before Express sees the request. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.pages.size === 0 || req.method !== 'GET') return false;
    const cookies = req.headers.cookie;
    const signed = cookies && SIGNED_SESSION.exec(cookies)?.[1];
    if (!signed) return false;
    const key = `${signed} ${req.url}`;
    const page = this.pages.get(key);
    if (!page) return false;
    if (carriesFresh(cookies) || this.opts.bypass?.(req) || !this.opts.ready()) return false;
    const { feed } = this.opts;
    if (
      !feed.fast() ||
      feed.generation !== page.generation ||
      minuteNow() !== page.minute ||
      feed.sessions.get(page.sid) !== page.session
    ) {
      this.drop(key, page);
      return false;
    }
    const started = performance.now();
    this.counts.hits++;
    for (const effect of page.repeat) effect();
    // Most recently used last: the oldest pages go first when the cache is full.
    this.pages.delete(key);
    this.pages.set(key, page);
    res.writeHead(200, page.headers);
    res.end(page.body);
    this.opts.served?.(req, res, page.userId, performance.now() - started);
    return true;
  }

  /** Express middleware (after the session, before the routes): keeps the page this request renders, if it may. */
  readonly capture = (req: Request, res: Response, next: NextFunction): void => {
    const ctx = readContext();
    const signed = req.headers.cookie && SIGNED_SESSION.exec(req.headers.cookie)?.[1];
    const session = req.sessionID ? this.opts.feed.sessions.get(req.sessionID) : undefined;
    if (
      req.method !== 'GET' ||
      !req.user ||
      !ctx ||
      ctx.wrote ||
      ctx.askDatabase ||
      !signed ||
      session === undefined ||
      this.opts.bypass?.(req)
    )
      return next();
    const minute = minuteNow();
    let body: Buffer | undefined;
    let streamed = false;
    const { write, end } = res;
    res.write = function (this: Response, ...args: Parameters<Response['write']>) {
      streamed = true;
      return write.apply(this, args);
    } as Response['write'];
    res.end = function (this: Response, ...args: unknown[]) {
      const [chunk, encoding] = args;
      if (typeof chunk === 'string') body = Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      else if (Buffer.isBuffer(chunk)) body = chunk;
      return (end as (...a: unknown[]) => Response).apply(this, args);
    } as Response['end'];
    res.once('finish', () => {
      const { feed } = this.opts;
      const generation = ctx.generation;
      const keepable =
        !streamed &&
        body !== undefined &&
        body.length <= MAX_PAGE_BYTES &&
        res.statusCode === 200 &&
        String(res.getHeader('content-type') ?? '').startsWith('text/html') &&
        !ctx.wrote &&
        !ctx.leftGeneration &&
        generation !== undefined &&
        feed.fast() &&
        feed.generation === generation &&
        feed.sessions.get(req.sessionID) === session &&
        minuteNow() === minute;
      if (!keepable) return;
      const cookies = ([] as (string | number)[]).concat(res.getHeader('set-cookie') ?? []).map(String);
      if (cookies.length > 1 || (cookies[0] !== undefined && !cookies[0].startsWith(`${SESSION_COOKIE}=`))) return;
      // The session cookie goes out again as it was: its expiry, rolled forward by express-session when the page was
      // rendered, is at most a minute old (a page is kept within its minute).
      const headers = { ...res.getHeaders() };
      if (headers['x-sql-queries'] !== undefined) headers['x-sql-queries'] = '0';
      this.keep(`${signed} ${req.originalUrl}`, {
        generation,
        minute,
        sid: req.sessionID,
        session,
        userId: (req.user as { id: number }).id,
        headers,
        body: body!,
        repeat: (res as Repeatable)[REPEAT] ?? [],
      });
    });
    next();
  };

  private keep(key: string, page: Page): void {
    const old = this.pages.get(key);
    if (old) this.drop(key, old);
    this.pages.set(key, page);
    this.bytes += page.body.length;
    for (const [k, p] of this.pages) {
      if (this.bytes <= MAX_BYTES) break;
      this.drop(k, p);
    }
  }

  private drop(key: string, page: Page): void {
    if (this.pages.delete(key)) this.bytes -= page.body.length;
  }
}
