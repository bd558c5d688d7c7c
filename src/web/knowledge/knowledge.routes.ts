import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { compareRevisions, compareText } from '../../domain/content/compare.js';
import { sanitizeForShow, sanitizeRichText } from '../../domain/content/sanitize.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { CATEGORY_LABELS } from '../../domain/knowledge/knowledge.labels.js';
import {
  articleDetail,
  articleList,
  articleRevisionPair,
  articleRevisions,
  highlight,
  type ArticleDetail,
} from '../../domain/knowledge/knowledge.queries.js';
import { createArticle, restoreArticle, reviseArticle } from '../../domain/knowledge/knowledge.service.js';
import type { ModuleRow } from '../../domain/sites/catalogue.queries.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { compareQuery } from '../content/content.schemas.js';
import { EDITOR, EDITOR_STYLES } from '../content/pages.routes.js';
import { flash } from '../flash.js';
import { parseForm } from '../forms.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { LINKED_VIEWS } from '../sites/linked.js';
import { articleSchema, listQuery, restoreSchema } from './knowledge.schemas.js';

/** What every knowledge page shows beside its own data. */
const LOCALS = { categoryLabels: CATEGORY_LABELS, extraStyles: ['/public/css/knowledge.css'] };

/** Knowledge (党建知识): articles by category that the office maintains, with revisions; every reader may search. */
export function knowledgeRoutes(db: Db): Router {
  LINKED_VIEWS.guides = guidesForUnit;
  const r = Router();
  r.get('/knowledge', allow('knowledge.view'), list(db));
  r.get('/knowledge/new', allow('knowledge.edit'), newForm);
  r.post('/knowledge', allow('knowledge.edit'), create(db));
  r.get('/knowledge/:id', loadArticle(db), allow('knowledge.view'), show);
  r.get('/knowledge/:id/edit', loadArticle(db), allow('knowledge.edit'), editForm);
  r.post('/knowledge/:id/edit', loadArticle(db), allow('knowledge.edit'), save(db));
  r.get('/knowledge/:id/revisions', loadArticle(db), allow('knowledge.view'), revisions(db));
  r.post('/knowledge/:id/restore', loadArticle(db), allow('knowledge.edit'), restore(db));
  return r;
}

function loadArticle(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const article = id ? await articleDetail(db, id) : null;
    if (!article) return next(notFound('文章'));
    res.locals.article = article;
    next();
  };
}

/** GET /knowledge?q=&category=&page= — articles newest first, by category, searched in titles and text. */
function list(db: Db) {
  return async (req: Request, res: Response) => {
    const q = listQuery.parse(req.query);
    const result = await articleList(db, q);
    const params = { q: q.q, category: q.category };
    res.page('knowledge/index', {
      title: q.q ? `搜索“${q.q}” · 党建知识` : '党建知识',
      result,
      filters: params,
      highlight,
      pager: { page: q.page, pages: result.pages, total: result.total, params },
      ...LOCALS,
    });
  };
}

/** The committee's 党务工作指南 module (LINKED `guides`): the knowledge base's guides, newest first. */
async function guidesForUnit(db: Db, req: Request, res: Response) {
  const unit = res.locals.unit as UnitRow;
  const mod = res.locals.module as ModuleRow;
  const q = listQuery.parse(req.query);
  const result = await articleList(db, { category: 'GUIDES', page: q.page });
  res.page('knowledge/guides', {
    title: `${unit.name} · ${mod.title}`,
    result,
    highlight,
    pager: { page: q.page, pages: result.pages, total: result.total, params: {} },
    ...LOCALS,
  });
}

/** GET /knowledge/:id — the article, sanitized again on the way out. */
function show(_req: Request, res: Response) {
  const a = res.locals.article as ArticleDetail;
  res.page('knowledge/show', { title: a.title, clean: sanitizeForShow, ...LOCALS });
}

function renderForm(
  res: Response,
  values: Record<string, unknown>,
  extra: { errors?: Record<string, string>; conflict?: unknown; status?: number } = {},
) {
  const a = res.locals.article as ArticleDetail | undefined;
  res.page(
    'knowledge/form',
    {
      title: a ? `编辑：${a.title}` : '新建文章',
      values,
      errors: extra.errors ?? {},
      conflict: extra.conflict,
      clean: sanitizeRichText,
      ...LOCALS,
      scripts: EDITOR,
      extraStyles: [...EDITOR_STYLES, ...LOCALS.extraStyles],
    },
    extra.status ?? 200,
  );
}

/** GET /knowledge/new?category= */
function newForm(req: Request, res: Response) {
  const q = listQuery.parse(req.query);
  renderForm(res, { category: q.category ?? 'BASICS', baseNumber: 0 });
}

/** GET /knowledge/:id/edit — loaded with the current revision. */
function editForm(_req: Request, res: Response) {
  const a = res.locals.article as ArticleDetail;
  renderForm(res, { category: a.category, title: a.title, body: a.body, baseNumber: a.headNumber });
}

/** Saves the form through `run`; bad input or a conflict shows the form again with the text kept. */
async function submit(
  req: Request,
  res: Response,
  run: (data: ReturnType<typeof articleSchema.parse>) => Promise<{ id: number; number: number }>,
) {
  const form = parseForm(articleSchema, req.body);
  const values = { ...req.body, body: sanitizeRichText(String(req.body.body ?? '')) };
  if (!form.ok) return renderForm(res, values, { errors: form.errors, status: 400 });
  try {
    const saved = await run(form.data);
    flash(req, 'success', saved.number === 1 ? '文章已发布' : `已保存为第 ${saved.number} 版`);
    res.redirect(303, `/knowledge/${saved.id}`);
  } catch (e) {
    if (e instanceof ValidationError) return renderForm(res, values, { errors: e.fieldErrors, status: 400 });
    if (e instanceof ConflictError) {
      const head = e.current as { number: number };
      return renderForm(
        res,
        { ...values, baseNumber: head.number },
        {
          errors: { _form: `${e.message}。上面是对方保存的最新版本，下面保留了您的内容：请对照后重新保存。` },
          conflict: e.current,
          status: 409,
        },
      );
    }
    throw e;
  }
}

/** POST /knowledge — a new article (revision 1). */
function create(db: Db) {
  return (req: Request, res: Response) => submit(req, res, (d) => createArticle(db, { ...d, actor: req.user!, ip: req.ip }));
}

/** POST /knowledge/:id/edit — a new revision. */
function save(db: Db) {
  return (req: Request, res: Response) =>
    submit(req, res, (d) => reviseArticle(db, { ...d, id: res.locals.article.id, actor: req.user!, ip: req.ip }));
}

async function renderRevisions(db: Db, res: Response, q: { a?: number; b?: number }, errors: Record<string, string> = {}, status = 200) {
  const a = res.locals.article as ArticleDetail;
  const [list, pair] = await Promise.all([articleRevisions(db, a.id), q.a && q.b ? articleRevisionPair(db, a.id, q.a, q.b) : null]);
  if (q.a && q.b && !pair) throw notFound('版本');
  const compared = pair
    ? [
        { label: '分类', ...compareText(CATEGORY_LABELS[pair.left.category], CATEGORY_LABELS[pair.right.category]) },
        ...compareRevisions({ ...pair.left, fields: null }, { ...pair.right, fields: null }),
      ]
    : null;
  res.page('knowledge/revisions', { title: `历史版本：${a.title}`, list, pair, compared, errors, ...LOCALS }, status);
}

/** GET /knowledge/:id/revisions?a=&b= — every revision; with two chosen, side by side with the changes marked. */
function revisions(db: Db) {
  return (req: Request, res: Response) => renderRevisions(db, res, compareQuery.parse(req.query));
}

/** POST /knowledge/:id/restore — an old revision's content saved again as the newest revision. */
function restore(db: Db) {
  return async (req: Request, res: Response) => {
    const a = res.locals.article as ArticleDetail;
    const form = parseForm(restoreSchema, req.body);
    if (!form.ok) return renderRevisions(db, res, {}, { _form: Object.values(form.errors).join('；') }, 400);
    try {
      const saved = await restoreArticle(db, { id: a.id, number: form.data.number, actor: req.user!, ip: req.ip });
      flash(req, 'success', `已将第 ${form.data.number} 版的内容恢复为第 ${saved.number} 版`);
      res.redirect(303, `/knowledge/${a.id}`);
    } catch (e) {
      if (e instanceof ValidationError) return renderRevisions(db, res, {}, { _form: e.message }, 400);
      throw e;
    }
  };
}
