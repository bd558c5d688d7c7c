import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { canReadAttachment } from '../../domain/files/attachment-access.js';
import { blobStream } from '../../domain/files/blobs.js';
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

/**
 * GET /attachments/:id — the file, with its original name; images inline, everything else as a download. Streamed
 * from PostgreSQL a piece at a time; one byte range on request (a PDF viewer or a video seeks), and the checksum as
 * its ETag (304 when the browser has it already).
 */
function download(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const a = id ? await db.attachment.findUnique({ where: { id } }) : null;
    if (!a) return next(notFound('附件'));
    if (!(await canReadAttachment(db, req.user!, a))) return next(forbidden('您没有权限下载该附件'));
    if (a.blobId === null) return next(notFound('附件文件')); // an older version's file not moved in yet
    const etag = `"${a.sha256}"`;
    res.set({
      'Content-Type': a.mimeType,
      'Content-Disposition': contentDisposition(INLINE.test(a.mimeType) ? 'inline' : 'attachment', a.originalName),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; frame-ancestors 'none'; sandbox",
      'Accept-Ranges': 'bytes',
      ETag: etag,
    });
    if (matchesEtag(req.get('If-None-Match'), etag)) return void res.status(304).end();
    const range = wantedRange(req, a.size, etag);
    if (range === 'unsatisfiable') return void res.status(416).set('Content-Range', `bytes */${a.size}`).end();
    const [start, end] = range ?? [0, a.size - 1];
    if (range) res.status(206).set('Content-Range', `bytes ${start}-${end}/${a.size}`);
    res.set('Content-Length', String(end - start + 1));
    if (req.method === 'HEAD') return void res.end();
    const stream = blobStream(db, a.blobId, start, end);
    stream.on('error', (e) => (res.headersSent ? res.destroy(e) : next(notFound('附件文件'))));
    stream.pipe(res);
  };
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => ['*', etag, `W/${etag}`].includes(t.trim()));
}

/** One byte range asked for (several, or a malformed header, get the whole file); If-Range must name this file. */
function wantedRange(req: Request, size: number, etag: string): [number, number] | 'unsatisfiable' | null {
  if (!req.get('Range') || size === 0) return null;
  const ifRange = req.get('If-Range');
  if (ifRange && ifRange.trim() !== etag) return null;
  const ranges = req.range(size, { combine: true });
  if (ranges === -1) return 'unsatisfiable';
  if (ranges === undefined || ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return null;
  return [ranges[0].start, ranges[0].end];
}
