import type { Response } from 'express';
import { derived } from '../../db/cached-client.js';
import type { Db } from '../../db/client.js';
import { unitDirectory } from '../../domain/units/units.service.js';
import { renderPart, type HtmlPart } from '../middleware/render.js';

/** The unit directory (every unit, 248 in the large organisation), the same for everyone: rendered once per generation. */
export function directoryPart(db: Db, res: Response): Promise<HtmlPart> {
  return derived(db, ['part', 'units/_directory'], async () => renderPart(res, 'units/_directory', { groups: await unitDirectory(db) }));
}
