import type { Response } from 'express';
import type { Db } from '../../db/client.js';
import { unitDirectory } from '../../domain/units/units.service.js';

/** The unit directory (every unit, 248 in the large organisation), the same for everyone: kept per generation. */
export async function directoryHtml(db: Db, res: Response): Promise<string> {
  const groups = await res.locals.cache.value(['unitDirectory'], () => unitDirectory(db));
  return res.locals.cache.fragment([], 'units/_directory', { groups });
}
