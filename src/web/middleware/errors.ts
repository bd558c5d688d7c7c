import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ForbiddenError, NotFoundError } from '../../domain/errors.js';
import { HttpError, MalformedBodyError } from '../http-errors.js';
import { renderPage } from './render.js';

const TITLES: Record<number, string> = {
  400: '请求无效',
  403: '没有权限',
  404: '页面不存在',
  413: '文件过大',
  500: '系统出错了',
  503: '系统暂时不可用',
};

function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string; name?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', 'P1001'].includes(String(e?.code)) ||
    /connect|Connection terminated|timeout exceeded when trying to connect|DatabaseNotReachable/i.test(
      String(e?.message ?? '') + String(e?.name ?? ''),
    )
  );
}

/** Every pooled connection stayed busy for as long as a request may wait (a burst of logins, say). */
function isOverloaded(err: unknown): boolean {
  return ['P2024', 'P2028'].includes(String((err as { code?: string })?.code));
}

/** 404 for anything no route answered. */
export function notFoundHandler(_req: Request, res: Response): void {
  renderError(res, 404, '您访问的页面不存在。');
}

/** The one error handler: a Chinese page with the safe message, never a stack trace. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    let status = 500;
    let message = '服务器处理请求时出错，请稍后重试。如果问题持续，请联系网站管理员。';
    if (err instanceof HttpError) {
      status = err.status;
      message = err.message;
      if (err instanceof MalformedBodyError) logger.warn({ url: req.originalUrl, reason: err.reason }, 'malformed request body');
    } else if (err instanceof NotFoundError) {
      status = 404;
      message = err.message;
    } else if (err instanceof ForbiddenError) {
      status = 403;
      message = err.message;
    } else if ((err as { type?: string })?.type === 'entity.too.large' || (err as { code?: string })?.code === 'LIMIT_FILE_SIZE') {
      status = 413;
      message = '提交的内容或文件过大（单个文件不超过 20 MB）。';
    } else if ((err as { type?: string; status?: number })?.status === 400) {
      status = 400;
      message = '请求格式无效。';
    } else if (isOverloaded(err)) {
      status = 503;
      message = '系统繁忙，请稍后再试。您填写的内容没有丢失，返回上一页重新提交即可。';
      logger.warn({ err, url: req.originalUrl }, 'overloaded: no database connection in time');
    } else if (isDatabaseDown(err)) {
      status = 503;
      message = '数据库暂时无法连接，请稍后刷新页面。';
      logger.warn({ err, url: req.originalUrl }, 'database unavailable');
    } else {
      logger.error({ err, url: req.originalUrl }, 'unhandled error');
    }
    if (res.headersSent) return;
    renderError(res, status, message);
  };
}

/** The error page in the layout; if even that fails (a broken template), plain text, still without a stack. */
function renderError(res: Response, status: number, message: string): void {
  const locals = { title: TITLES[status] ?? '出错了', status, message };
  const plain = () => {
    if (!res.headersSent) res.status(status).type('text/plain; charset=utf-8').send(`${locals.title}：${message}`);
  };
  if (!res.locals.fmt) return plain();
  try {
    renderPage(res, 'errors/error', locals, status, plain);
  } catch {
    plain();
  }
}
