/** An error that carries its HTTP status and a message safe to show (in Chinese). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A request body that could not be parsed (a broken multipart form): a 400, logged as a warning with the reason. */
export class MalformedBodyError extends HttpError {
  constructor(readonly reason: string) {
    super(400, '提交的表单格式无效，请返回上一页重新提交。');
  }
}

export const notFound = (what = '页面') => new HttpError(404, `${what}不存在或已被删除`);
export const forbidden = (msg = '您没有权限进行此操作') => new HttpError(403, msg);
export const badRequest = (msg = '请求无效') => new HttpError(400, msg);

export { ValidationError } from '../domain/errors.js';
