import type { NextFunction, Request, Response } from 'express';

/** Until the database is migrated and reachable, answer 503 (JSON for /healthz, a Chinese page otherwise). */
export function readinessGate(ready: () => boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (ready()) return next();
    // expected while the portal starts (a supervisor's health checks): the access log does not call it an error
    res.locals.starting = true;
    res.status(503).set('Retry-After', '5');
    if (req.path === '/healthz') return res.json({ status: 'starting', message: '系统正在启动' });
    res.render('errors/starting');
  };
}
