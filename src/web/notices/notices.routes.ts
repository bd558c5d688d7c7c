import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { ATTACHMENT_READ_RULES, type AttachmentReadRule } from '../../domain/files/attachment-access.js';
import { managesNotice, noticeVisibleWhere } from '../../domain/notices/notice.policy.js';
import { pendingReminders, readerNotices, unitNotices, unreadCount } from '../../domain/notices/notices.queries.js';
import { issuingUnits } from '../../domain/notices/notice-units.queries.js';
import { acknowledgeNotice, recordRead } from '../../domain/notices/receipts.service.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { flash } from '../flash.js';
import { allow } from '../guard.js';
import { badRequest } from '../http-errors.js';
import { LAYOUT_EXTRAS } from '../middleware/render.js';
import { LINKED_VIEWS } from '../sites/linked.js';
import { issueRoutes } from './issue.routes.js';
import { loadNotice, requireReader } from './notices.loaders.js';
import { listQuery } from './notices.schemas.js';
import { receiptsRoutes } from './receipts.routes.js';
import { renderNotice } from './show-page.js';

/** Notices and documents (文件通知): readers' pages here; issuing and receipts in their own route tables. */
export function noticesRoutes(db: Db): Router {
  LINKED_VIEWS.notices = listForUnit;
  if (!ATTACHMENT_READ_RULES.includes(noticeAttachmentRule)) ATTACHMENT_READ_RULES.push(noticeAttachmentRule);
  if (!LAYOUT_EXTRAS.includes(unreadBadge)) LAYOUT_EXTRAS.push(unreadBadge);
  const r = Router();
  r.get('/notices', allow('notice.view'), list(db));
  r.use(issueRoutes(db), receiptsRoutes(db));
  r.get('/notices/:id', loadNotice(db), allow('notice.view'), requireReader(db), show(db));
  r.post('/notices/:id/acknowledge', loadNotice(db), allow('notice.acknowledge'), requireReader(db), acknowledge(db));
  return r;
}

/** The count of unread notices beside 文件通知 in the header: one query per page. */
async function unreadBadge(db: Db, req: Request, res: Response) {
  return { unreadNotices: await unreadNotices(db, req, res) };
}

/**
 * The reader's unread notices, once per request (the header and the home page both show it): as the session's
 * statement read it, or counted again (`recount`) by a request that has just recorded a read.
 */
export function unreadNotices(db: Db, req: Request, res: Response, recount = false): Promise<number> {
  const read = recount ? undefined : req.user!.unreadNotices;
  return res.locals.cache.once(['unreadNotices'], async () => read ?? unreadCount(db, req.user!));
}

/** A notice's files: readable by those it is addressed to while it is published, and by those who manage it. */
const noticeAttachmentRule: AttachmentReadRule = async (db, user, attachmentId) => {
  const carrying = { attachments: { some: { attachmentId } } };
  const readable = await db.notice.count({ where: { AND: [carrying, noticeVisibleWhere(user), { status: 'PUBLISHED' }] } });
  if (readable) return true;
  const issuers = await db.notice.findMany({ where: carrying, select: { unitId: true }, distinct: ['unitId'] });
  if (!issuers.length) return false;
  const units = await db.unit.findMany({
    where: { id: { in: issuers.map((n) => n.unitId) } },
    select: { id: true, kind: true, parentId: true, archivedAt: true },
  });
  return units.some((u) => managesNotice(user, { ...u, archivedAt: null }));
};

/** GET /notices — the notices addressed to me, newest first, unread marked; reminders on top. */
function list(db: Db) {
  return async (req: Request, res: Response) => {
    const q = listQuery.parse(req.query);
    const [result, reminders, units] = await Promise.all([
      readerNotices(db, req.user!, q.page),
      pendingReminders(db, req.user!),
      issuingUnits(db, req.user),
    ]);
    res.page('notices/index', {
      title: '文件通知',
      result,
      reminders,
      issuing: units,
      pager: { page: q.page, pages: result.pages, total: result.total, params: {} },
    });
  };
}

/** The 文件通知 module of a unit's site (LINKED): what the unit issued, and for a branch what was sent to it. */
async function listForUnit(db: Db, req: Request, res: Response) {
  const unit = res.locals.unit as UnitRow;
  const mod = res.locals.module as ModuleRow;
  const q = listQuery.parse(req.query);
  const result = await unitNotices(db, req.user!, unit, q.page);
  res.page('notices/unit', {
    title: `${unit.name} · ${mod.title}`,
    result,
    pager: { page: q.page, pages: result.pages, total: result.total, params: {} },
  });
}

/** GET /notices/:id — the notice; opening it writes the reader's receipt (once). */
function show(db: Db) {
  return async (req: Request, res: Response) => {
    const notice = res.locals.notice!;
    if (res.locals.addressed && notice.status === 'PUBLISHED' && !notice.receipts.length) {
      await recordRead(db, notice.id, req.user!.id);
      notice.receipts = [{ readAt: new Date(), acknowledgedAt: null }];
      await unreadNotices(db, req, res, true);
    }
    await renderNotice(db, res);
  };
}

/** POST /notices/:id/acknowledge — 确认已阅. */
function acknowledge(db: Db) {
  return async (req: Request, res: Response) => {
    const notice = res.locals.notice!;
    if (!res.locals.addressed || notice.status !== 'PUBLISHED' || !notice.ackRequired) throw badRequest('该通知无需确认或已撤回');
    await acknowledgeNotice(db, notice.id, req.user!.id);
    flash(req, 'success', '已确认阅读');
    res.redirect(303, `/notices/${notice.id}`);
  };
}
