import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { auditEntityTypes, listAudit } from '../../domain/audit/audit.queries.js';
import { hasGlobalRole } from '../../domain/authz/can.js';
import { allow } from '../guard.js';
import { auditQuery } from './admin.schemas.js';

export function auditRoutes(db: Db): Router {
  const r = Router();
  // Read-only on purpose: there is no route that changes or removes an entry, and the database refuses it too.
  r.get('/admin/audit', allow('admin.audit'), showAudit(db));
  return r;
}

/** GET /admin/audit — the log, newest first, filtered and paged. */
function showAudit(db: Db) {
  return async (req: Request, res: Response) => {
    const q = auditQuery.parse(req.query);
    const [result, entityTypes] = await Promise.all([
      listAudit(db, {
        actor: q.actor,
        action: q.action,
        entityType: q.entityType,
        unitCode: q.unit,
        from: q.from,
        to: q.to,
        page: q.page,
        revealAnonymous: hasGlobalRole(req.user, 'ADMIN'),
      }),
      auditEntityTypes(db),
    ]);
    const params = {
      actor: q.actor,
      action: q.action,
      entityType: q.entityType,
      unit: q.unit,
      from: q.from ? req.query.from : undefined,
      to: q.to ? req.query.to : undefined,
    };
    res.page('admin/audit', {
      title: '审计日志',
      result,
      entityTypes,
      filters: params,
      pager: { page: q.page, pages: result.pages, total: result.total, params },
    });
  };
}
