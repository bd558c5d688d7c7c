import { pino } from 'pino';

/**
 * Standard output is written asynchronously: a line per request written at once, synchronously, cost as much as a
 * small page's routing (docs/PERFORMANCE.md). Lines that come while a write
 * is under way go out together in the next one; pino writes what is left when the process exits (a `kill -9` can
 * lose the lines of the write in flight).
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false })) {
  // Whatever is logged, a session cookie or password never reaches the log (see src/web/middleware/access-log.ts).
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'password', '*.password'],
        censor: '[已隐去]',
      },
    },
    destination,
  );
}
