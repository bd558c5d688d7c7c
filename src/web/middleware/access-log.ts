import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * One line per request: who asked for what and how it went, and nothing that opens a session (pino-http's default
 * lines carried every request and response header, session cookies among them). Written when the response is done;
 * static files under /public are not logged. Our own few lines rather than pino-http: its child logger per request cost
 * a tenth of a rendered page's time.
 */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.url.startsWith('/public/')) return next();
    const started = performance.now();
    // 'close' comes when the answer is out, or when the client went away before the route ended it: only the second
    // is aborted (whether the bytes had all reached the socket by then is a race with the client closing it)
    res.once('close', () =>
      logAnswered(logger, req, res, (req.user as { id: number } | undefined)?.id, performance.now() - started, {
        aborted: !res.writableEnded,
      }),
    );
    next();
  };
}

/** The access log's line for a request. */
export function logAnswered(
  logger: Logger,
  req: IncomingMessage & { originalUrl?: string },
  res: ServerResponse,
  userId: number | undefined,
  ms: number,
  how: { aborted?: boolean } = {},
): void {
  const starting = (res as Partial<Response>).locals?.starting === true;
  const level = how.aborted ? 'warn' : res.statusCode >= 500 && !starting ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const line = {
    req: { method: req.method, url: req.originalUrl ?? req.url, remoteAddress: req.socket.remoteAddress },
    res: { statusCode: res.statusCode },
    ...(userId ? { userId } : {}),
    responseTime: Math.round(ms),
  };
  logger[level](
    line,
    level === 'warn'
      ? 'request aborted'
      : level === 'error'
        ? 'request errored'
        : starting
          ? 'answered while starting'
          : 'request completed',
  );
}
