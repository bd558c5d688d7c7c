import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { STATUS_LABELS } from '../../domain/boards/rules.js';
import { homePage } from '../../domain/home/home.service.js';
import { allow } from '../guard.js';
import { trendSvg } from '../boards/trend-svg.js';

export function homeRoutes(db: Db): Router {
  const r = Router();
  r.get('/', allow('home.view'), showHome(db));
  return r;
}

/** GET / — the committee's board at a glance, the reader's notices and to-do, featured work, the unit directory. */
function showHome(db: Db) {
  return async (req: Request, res: Response) => {
    const home = await homePage(db, req.user!);
    res.page('home/index', {
      title: '首页',
      ...home,
      statusLabels: STATUS_LABELS,
      trend: (row: { cells: { actual: number | null }[]; targetValue: number; title: string }) => trendSvg(row.cells.map((c) => c.actual), row.targetValue, { label: `${row.title}趋势`, width: 96, height: 28 }),
    });
  };
}
