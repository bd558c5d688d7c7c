import type { Application, NextFunction, Request, Response } from 'express';
import * as fmt from '../lib/format.js';
import { deepFreeze } from './freeze.js';
import { cacheKey, type GenerationCache } from './generation-cache.js';

declare module 'express-serve-static-core' {
  interface Locals {
    /** What this request may take from the process's cache, asked for by name (src/cache/request-cache.ts). */
    cache: RequestCache;
  }
}

/**
 * The cache as one request sees it: values and fragments of HTML that are the same for every reader, kept for the
 * data generation the request read with its session. Requests that may write (not GET or HEAD), requests without a
 * session, and requests that ask to leave the cache aside compute everything themselves. Either way the answer is
 * frozen, so a page behaves the same whether a value was kept or not.
 */
export class RequestCache {
  private readonly mine = new Map<string, Promise<unknown>>();

  constructor(
    private readonly shared: GenerationCache,
    private readonly generation: bigint | undefined,
    private readonly app: Application,
  ) {}

  /** `compute()`'s value, shared with every request of the same generation that asks for `key`. */
  value<T>(key: readonly unknown[], compute: () => Promise<T>): Promise<T> {
    if (this.generation === undefined) return compute().then(deepFreeze);
    return this.shared.get(this.generation, cacheKey(key), compute);
  }

  /** A value of this request alone (the reader's own, such as their unread count), computed once however often asked. */
  once<T>(key: readonly unknown[], compute: () => Promise<T>): Promise<T> {
    const k = cacheKey(key);
    if (!this.mine.has(k)) this.mine.set(k, compute());
    return this.mine.get(k) as Promise<T>;
  }

  /**
   * `view` rendered with `locals` and the formatters only, never the request's locals (a fragment cannot show the
   * person it was first rendered for to the next), kept like a value; a view prints it with `<%- name %>`.
   */
  fragment(key: readonly unknown[], view: string, locals: Record<string, unknown>): Promise<string> {
    return this.value(['fragment', view, ...key], () => renderView(this.app, view, { fmt, ...locals }));
  }
}

function renderView(app: Application, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => app.render(view, locals, (err, html) => (err ? reject(err) : resolve(html!))));
}

/** Where a request's data generation comes from: the session look-up (src/web/middleware/session.ts). */
export type GenerationOf = (req: Request) => bigint | undefined;

/**
 * Gives each request its `res.locals.cache`. Only reads of GET and HEAD requests use the shared cache; `bypass`
 * (tests and the benchmark) shows a page's cost with nothing kept.
 */
export function requestCache(shared: GenerationCache, generationOf: GenerationOf, bypass: (req: Request) => boolean = () => false) {
  return (req: Request, res: Response, next: NextFunction) => {
    const reads = (req.method === 'GET' || req.method === 'HEAD') && !bypass(req);
    res.locals.cache = new RequestCache(shared, reads ? generationOf(req) : undefined, req.app);
    next();
  };
}
