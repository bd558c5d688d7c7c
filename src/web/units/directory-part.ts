import type { Response } from 'express';
import type { Db } from '../../db/client.js';
import { unitDirectory } from '../../domain/units/units.service.js';
import { sharedPart, type HtmlPart } from '../middleware/render.js';

/** The unit directory (every unit, 248 in the large organisation), the same for everyone: rendered once per generation. */
export function directoryPart(db: Db, res: Response): Promise<HtmlPart> {
  return sharedPart(db, res, 'units/_directory', [], async () => ({ groups: await unitDirectory(db) }));
}
