import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { receiptStatus, receiptWorkbook } from '../../domain/notices/receipts-export.js';
import { allReceiptPeople, receiptPeople, receiptSummary, RECEIPT_FILTERS } from '../../domain/notices/receipts.queries.js';
import { contentDisposition } from '../files/attachments.routes.js';
import { allow } from '../guard.js';
import { loadNotice } from './notices.loaders.js';
import { receiptsQuery } from './notices.schemas.js';

/** Who has read and acknowledged a notice: its unit's secretary, and the office. */
export function receiptsRoutes(db: Db): Router {
  const r = Router();
  r.get('/notices/:id/receipts', loadNotice(db), allow('notice.receipts'), receipts(db));
  r.get('/notices/:id/receipts.xlsx', loadNotice(db), allow('notice.receipts'), exportReceipts(db));
  return r;
}

/** GET /notices/:id/receipts — per unit, how many have read and acknowledged; below, the people, filtered. */
function receipts(db: Db) {
  return async (req: Request, res: Response) => {
    const n = res.locals.notice!;
    const q = receiptsQuery.parse(req.query);
    const [summary, people] = await Promise.all([
      receiptSummary(db, n),
      receiptPeople(db, n, { unitId: q.unit, status: q.status, page: q.page }),
    ]);
    const params = { unit: q.unit, status: q.status === 'all' ? undefined : q.status };
    res.page('notices/receipts', {
      title: `签收情况：${n.title}`,
      notice: n,
      summary,
      people,
      filters: q,
      statusNames: RECEIPT_FILTERS,
      receiptStatus,
      pager: { page: q.page, pages: people.pages, total: people.total, params },
    });
  };
}

/** GET /notices/:id/receipts.xlsx — every reader and the counts per unit, as a spreadsheet. */
function exportReceipts(db: Db) {
  return async (_req: Request, res: Response) => {
    const n = res.locals.notice!;
    const [people, summary] = await Promise.all([allReceiptPeople(db, n), receiptSummary(db, n)]);
    const file = await receiptWorkbook(n, people, summary);
    res.set({
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': contentDisposition('attachment', `签收情况-${n.title.slice(0, 40)}.xlsx`),
    });
    res.send(file);
  };
}
