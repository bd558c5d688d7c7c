import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { canReadAttachment } from '../../domain/files/attachment-access.js';
import { fileStorage } from '../../domain/files/storage.js';
import { allow } from '../guard.js';
import { forbidden, notFound } from '../http-errors.js';

export function attachmentsRoutes(db: Db): Router {
  const r = Router();
  r.get('/attachments/:id', allow('attachment.read'), download(db));
  return r;
}

const INLINE = /^image\/(png|jpeg|gif|webp|bmp)$/;

/**
 * RFC 6266/5987: an ASCII fallback name and the real (Chinese) name, encoded. `encodeURIComponent` leaves
 * ' ( ) * as they are, which RFC 5987 does not allow (the quote ends the charset part); some browsers decode
 * %xx inside the quoted fallback, so % goes too.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** GET /attachments/:id — the file, with its original name; images inline, everything else as a download. */
function download(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const a = id ? await db.attachment.findUnique({ where: { id } }) : null;
    if (!a) return next(notFound('附件'));
    if (!(await canReadAttachment(db, req.user!, a))) return next(forbidden('您没有权限下载该附件'));
    res.set({
      'Content-Type': a.mimeType,
      'Content-Length': String(a.size),
      'Content-Disposition': contentDisposition(INLINE.test(a.mimeType) ? 'inline' : 'attachment', a.originalName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox",
    });
    const stream = fileStorage().open(a.storageKey);
    stream.on('error', (e) => (res.headersSent ? res.destroy(e) : next(notFound('附件文件'))));
    stream.pipe(res);
  };
}
