import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/**
 * One line per request: who asked for what and how it went. pino-http's default lines carried every request and
 * response header, the session cookie (`cookie`, and `set-cookie` at login) among them: anyone reading the logs could
 * have taken over a session. The line keeps what operations needs and nothing that opens a session.
 */
export function accessLog(logger: Logger) {
  return pinoHttp({
    logger,
    autoLogging: { ignore: (req) => req.url?.startsWith('/public/') ?? false },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customProps: (req: IncomingMessage, _res: ServerResponse) => {
      const user = (req as IncomingMessage & { user?: { id: number } }).user;
      return user ? { userId: user.id } : {};
    },
  });
}

/** The same line for a request answered before Express (a page sent again from the page cache). */
export function logAnswered(logger: Logger, req: IncomingMessage, res: ServerResponse, userId: number, ms: number): void {
  if (!logger.isLevelEnabled('info')) return;
  logger.info({ req: { method: req.method, url: req.url, remoteAddress: req.socket.remoteAddress }, res: { statusCode: res.statusCode }, userId, responseTime: Math.round(ms), pageCache: true }, 'request completed');
}
