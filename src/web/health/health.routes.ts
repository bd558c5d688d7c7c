import { Router } from 'express';
import type { Db } from '../../db/client.js';
import { publicRoute } from '../guard.js';

export function healthRoutes(db: Db): Router {
  const r = Router();
  /** GET /healthz — 200 when the database answers, 503 otherwise; no login, no session. */
  r.get('/healthz', publicRoute(), async (_req, res) => {
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', message: '数据库暂时无法连接' });
    }
  });
  return r;
}
