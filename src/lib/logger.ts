import { pino } from 'pino';

export function createLogger(level: string, destination?: pino.DestinationStream) {
  // Whatever is logged, a session cookie or password never reaches the log (see src/web/middleware/access-log.ts).
  return pino({
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'password', '*.password'], censor: '[已隐去]' },
  }, destination);
}
