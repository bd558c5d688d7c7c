import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { STATUS_LABELS } from '../../domain/boards/rules.js';
import { homeForEveryone, homeForReader, quarterStart } from '../../domain/home/home.service.js';
import { allow } from '../guard.js';
import { unreadNotices } from '../notices/notices.routes.js';
import { directoryHtml } from '../units/directory-part.js';
import { cachedBoard } from '../boards/cached-board.js';
import { isoDay } from '../../lib/dates.js';
import { targetTrend } from '../boards/trend-svg.js';

export function homeRoutes(db: Db): Router {
  const r = Router();
  r.get('/', allow('home.view'), showHome(db));
  return r;
}

/** The committee's board at a glance (targets, year to date, trend, branches' tally): the same for everyone, kept per day. */
async function committeeBoardHtml(db: Db, res: Response, committee: { id: number; code: string; kind: string } | null, now: Date) {
  const year = now.getUTCFullYear();
  const board = committee ? await cachedBoard(res, db, committee, year, now) : null;
  return res.locals.cache.fragment([committee?.id, year, isoDay(now)], 'home/_board', {
    committee,
    board,
    statusLabels: STATUS_LABELS,
    trend: (row: Parameters<typeof targetTrend>[0]) => targetTrend(row, { width: 96, height: 28 }),
  });
}

/** GET / — the committee's board at a glance, the reader's notices and to-do, featured work, the unit directory. */
function showHome(db: Db) {
  return async (req: Request, res: Response) => {
    const now = new Date();
    const [everyone, mine, unread] = await Promise.all([
      res.locals.cache.value(['home', quarterStart(now)], () => homeForEveryone(db, now)),
      homeForReader(db, req.user!),
      unreadNotices(db, req, res),
    ]);
    const [boardPart, directory] = await Promise.all([committeeBoardHtml(db, res, everyone.committee, now), directoryHtml(db, res)]);
    res.page('home/index', { title: '首页', ...everyone, ...mine, unread, boardPart, directory });
  };
}
