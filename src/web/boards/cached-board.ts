import type { Response } from 'express';
import type { Db } from '../../db/client.js';
import { loadBoard } from '../../domain/boards/board.queries.js';
import { isoDay } from '../../lib/dates.js';

export type Board = Awaited<ReturnType<typeof loadBoard>>;

/**
 * A unit's board, the same for everyone: kept per data generation and day (its cells' statuses change only when a
 * period ends or a deadline passes, at midnight UTC), so the committee's board on every home page is built once.
 */
export function cachedBoard(res: Response, db: Db, unit: { id: number; kind: string }, year: number, now: Date): Promise<Board> {
  return res.locals.cache.value(['board', unit.id, year, isoDay(now)], () => loadBoard(db, unit, year, now));
}
