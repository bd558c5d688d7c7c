import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILES = 10;

/**
 * Parses multipart forms for every route, before the CSRF check (which needs the `_csrf` field inside the
 * body). Files are kept in memory (at most 20 MB each) and never touch the node's disk: the service that keeps one
 * writes it into PostgreSQL in the transaction that records it (decision 0010); the rest goes with the request.
 */
export function uploadParser() {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 200, fieldSize: 2 * 1024 * 1024 },
  }).any();
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart/form-data')) return next();
    parse(req, res, (err?: unknown) => {
      if (err instanceof multer.MulterError) {
        // Keep what was parsed (forms put `_csrf` first and the file input last) and let the form say why.
        req.body ??= {};
        req.uploadError =
          err.code === 'LIMIT_FILE_SIZE'
            ? '文件过大：单个附件不能超过 20 MB'
            : `上传被拒绝：${UPLOAD_LIMITS[err.code] ?? '附件不符合要求'}`;
        return next();
      }
      if (err) {
        // A body that is not multipart at all (cut off, no boundary, a broken part header): from anyone, before the
        // session is read; it is refused once the error page can be drawn (csrf.ts).
        req.body = {};
        req.malformedBody = String((err as Error)?.message ?? err);
        return next();
      }
      next();
    });
  };
}

const UPLOAD_LIMITS: Record<string, string> = {
  LIMIT_FILE_COUNT: `一次最多上传 ${MAX_FILES} 个附件`,
  LIMIT_FIELD_VALUE: '正文过长',
  LIMIT_FIELD_COUNT: '表单字段过多',
  LIMIT_UNEXPECTED_FILE: '附件字段无效',
  LIMIT_PART_COUNT: '表单内容过多',
  LIMIT_FIELD_KEY: '表单字段名过长',
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set when the upload parser refused a file; the handler shows it on the form. */
      uploadError?: string;
      /** Set when the multipart body could not be parsed at all: the parser's reason, for the log. */
      malformedBody?: string;
    }
  }
}
