import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { allow } from '../guard.js';

export function adminRoutes(db: Db): Router {
  const r = Router();
  r.get('/admin', allow('admin.audit'), showAdmin(db));
  return r;
}

/** GET /admin — the administration home: what the person may manage, with counts. (The office sees the audit log only.) */
function showAdmin(db: Db) {
  return async (_req: Request, res: Response) => {
    const [people, active, units, archived, modules, auditToday] = await Promise.all([
      db.person.count(),
      db.person.count({ where: { active: true } }),
      db.unit.count(),
      db.unit.count({ where: { archivedAt: { not: null } } }),
      db.moduleDef.count({ where: { retiredAt: null } }),
      db.auditLog.count({ where: { at: { gte: new Date(new Date().setHours(0, 0, 0, 0)) } } }),
    ]);
    res.page('admin/index', { title: '系统管理', counts: { people, active, units, archived, modules, auditToday } });
  };
}
