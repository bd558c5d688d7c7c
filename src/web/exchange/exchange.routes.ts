import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { recordType } from '../../domain/content/record-types.js';
import { ValidationError } from '../../domain/errors.js';
import { exchangeItem, exchangeList, exchangeThread, exchangeUnits, FEATURED_MODULE_KEY } from '../../domain/exchange/exchange.queries.js';
import { addComment, deleteComment, hideComment, toggleUseful } from '../../domain/exchange/exchange.service.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { commentSchema, hideSchema, listQuery } from './exchange.schemas.js';

type Loaded = NonNullable<Awaited<ReturnType<typeof exchangeItem>>>;

const LOCALS = { featuredKey: FEATURED_MODULE_KEY, extraStyles: ['/public/css/knowledge.css'] };

/** The featured record type without the date and headline, which the exchange page shows as its heading. */
const BODY_TYPE = (() => {
  const t = recordType('featured')!;
  return { ...t, fields: t.fields.filter((f) => f.name !== t.dateField && f.name !== 'headline') };
})();

/** Exchange (经验交流): the branches' published featured work across the company, with comments and 有用 marks. */
export function exchangeRoutes(db: Db): Router {
  const r = Router();
  const item = loadItem(db);
  r.get('/exchange', allow('exchange.view'), list(db));
  r.get('/exchange/:id', item, allow('exchange.view'), show(db));
  r.post('/exchange/:id/comments', item, allow('exchange.comment'), comment(db));
  r.post('/exchange/:id/comments/:commentId/delete', item, allow('exchange.comment'), remove(db));
  r.post('/exchange/:id/comments/:commentId/hide', item, allow('exchange.moderate'), hide(db));
  r.post('/exchange/:id/useful', item, allow('exchange.comment'), useful(db));
  return r;
}

/** `:id` → a readable featured-work record on `res.locals.exchange`, its unit on `res.locals.unit` (archived units take no comments); else 404. */
function loadItem(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const found = id ? await exchangeItem(db, id) : null;
    if (!found) return next(notFound('交流内容'));
    res.locals.exchange = found;
    res.locals.unit = found.unit;
    next();
  };
}

/** GET /exchange?unit=&page= — featured work newest first, of all branches or one. */
function list(db: Db) {
  return async (req: Request, res: Response) => {
    const q = listQuery.parse(req.query);
    const units = await exchangeUnits(db);
    const unit = q.unit ? units.find((u) => u.code === q.unit) : undefined;
    const result = await exchangeList(db, { unitId: unit?.id ?? (q.unit ? -1 : undefined), page: q.page, viewerId: req.user!.id });
    const params = { unit: unit?.code };
    res.page('exchange/index', {
      title: '经验交流',
      result,
      units,
      filters: params,
      pager: { page: q.page, pages: result.pages, total: result.total, params },
      ...LOCALS,
    });
  };
}

async function renderShow(db: Db, req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const { item, unit } = res.locals.exchange as Loaded;
  const thread = await exchangeThread(db, item.id, req.user!.id);
  res.page('exchange/show', { title: `${item.title} · 经验交流`, item, unit, thread, type: BODY_TYPE, ...LOCALS, ...extra }, status);
}

/** GET /exchange/:id — the featured work, its 有用 count and the comments. */
function show(db: Db) {
  return (req: Request, res: Response) => renderShow(db, req, res);
}

function back(res: Response, anchor = '') {
  res.redirect(303, `/exchange/${(res.locals.exchange as Loaded).item.id}${anchor}`);
}

function on(req: Request, res: Response) {
  const { item, unit } = res.locals.exchange as Loaded;
  return { itemId: item.id, unit, actor: req.user!, ip: req.ip };
}

function commentId(req: Request): number {
  const id = toId(req.params.commentId);
  if (!id) throw notFound('评论');
  return id;
}

/** POST /exchange/:id/comments — anyone logged in comments. */
function comment(db: Db) {
  return async (req: Request, res: Response) => {
    const form = parseForm(commentSchema, req.body);
    if (!form.ok) return renderShow(db, req, res, { errors: form.errors, values: form.values }, 400);
    const c = await addComment(db, { ...on(req, res), body: form.data.body });
    flash(req, 'success', '评论已发表');
    back(res, `#comment-${c.id}`);
  };
}

/** POST /exchange/:id/comments/:commentId/delete — the author deletes their own comment. */
function remove(db: Db) {
  return async (req: Request, res: Response) => {
    await deleteComment(db, { ...on(req, res), commentId: commentId(req) });
    flash(req, 'success', '评论已删除');
    back(res, '#comments');
  };
}

/** POST /exchange/:id/comments/:commentId/hide — the office hides a comment with a reason. */
function hide(db: Db) {
  return async (req: Request, res: Response) => {
    const id = commentId(req);
    const form = parseForm(hideSchema, req.body);
    const refill = { hide: id, reason: req.body.reason };
    if (!form.ok) return renderShow(db, req, res, { errors: form.errors, refill }, 400);
    try {
      await hideComment(db, { ...on(req, res), commentId: id, reason: form.data.reason });
    } catch (e) {
      if (e instanceof ValidationError) return renderShow(db, req, res, { errors: e.fieldErrors, refill }, 400);
      throw e;
    }
    flash(req, 'success', '评论已隐藏，原因会显示在原处');
    back(res, `#comment-${id}`);
  };
}

/** POST /exchange/:id/useful — marks it 有用, or takes the mark back. */
function useful(db: Db) {
  return async (req: Request, res: Response) => {
    const marked = await toggleUseful(db, on(req, res));
    flash(req, 'success', marked ? '已标记为“有用”' : '已取消“有用”标记');
    back(res);
  };
}
