import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { STATUS_LABELS } from '../../domain/boards/rules.js';
import { homePage } from '../../domain/home/home.service.js';
import { allow } from '../guard.js';
import { sharedPart } from '../middleware/render.js';
import { directoryPart } from '../units/directory-part.js';
import { loadBoard } from '../../domain/boards/board.queries.js';
import { startOfMinute } from '../../lib/dates.js';
import { targetTrend } from '../boards/trend-svg.js';

export function homeRoutes(db: Db): Router {
  const r = Router();
  r.get('/', allow('home.view'), showHome(db));
  return r;
}

/** The committee's board at a glance (targets, year to date, trend, branches' tally), as of the minute: the same for everyone. */
function committeeBoardPart(db: Db, res: Response, committee: { id: number; code: string; kind: string } | null, now: Date) {
  const year = now.getUTCFullYear();
  return sharedPart(db, res, 'home/_board', [committee?.id, year, startOfMinute(now.getTime())], async () => ({
    committee,
    board: committee ? await loadBoard(db, committee, year, now) : null,
    statusLabels: STATUS_LABELS,
    trend: (row: Parameters<typeof targetTrend>[0]) => targetTrend(row, { width: 96, height: 28 }),
  }));
}

/** GET / — the committee's board at a glance, the reader's notices and to-do, featured work, the unit directory. */
function showHome(db: Db) {
  return async (req: Request, res: Response) => {
    const now = new Date();
    const home = await homePage(db, req.user!, now);
    const [boardPart, directory] = await Promise.all([committeeBoardPart(db, res, home.committee, now), directoryPart(db, res)]);
    res.page('home/index', { title: '首页', ...home, boardPart, directory });
  };
}
