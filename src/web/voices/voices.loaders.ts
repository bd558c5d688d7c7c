import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../../db/client.js';
import { toId } from '../../lib/ids.js';
import { voiceDetail } from '../../domain/voices/voices.queries.js';
import { notFound } from '../http-errors.js';

/** Puts the voice named by `:id` and its recipient unit (whose permissions decide who answers) on `res.locals`, or 404s. */
export function loadVoice(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const id = toId(req.params.id);
    const voice = id ? await voiceDetail(db, id) : null;
    if (!voice) return next(notFound('心声'));
    res.locals.voice = voice;
    res.locals.unit = await db.unit.findUnique({
      where: { id: voice.unitId },
      select: { id: true, code: true, name: true, kind: true, parentId: true, archivedAt: true },
    });
    next();
  };
}
