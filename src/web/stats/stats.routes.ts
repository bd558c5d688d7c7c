import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { can } from '../../domain/authz/can.js';
import { ValidationError } from '../../domain/errors.js';
import { QUALITY_RULE_LINES, RATING_COMMENT_MAX, RATING_LABELS } from '../../domain/stats/quality.js';
import { hasEnded, lastEndedQuarter, quarterLabel, quarterShortLabel, type QuarterRef } from '../../domain/stats/quarters.js';
import { listQuarters, quarterDetail, unitTrend } from '../../domain/stats/stats.queries.js';
import { computeQuarter, publishQuarter, rateUnits } from '../../domain/stats/stats.service.js';
import type { UnitRow } from '../../domain/units/units.service.js';
import { formatDuration } from '../../domain/voices/voice-stats.js';
import { flash } from '../flash.js';
import { allow } from '../guard.js';
import { notFound } from '../http-errors.js';
import { loadUnit } from '../units/units.loaders.js';
import { barChartSvg, lineChartSvg } from './charts.js';
import { statsWorkbook } from './stats-export.js';
import { pickQuery, quarterParams, ratingSheet, sheetErrors, sheetUnitId } from './stats.schemas.js';

/** A change against the previous quarter as people read it: +3, −2, 0, or a dash when there is nothing to compare. */
const signed = (n: number | null) => (n == null ? '—' : n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');
const changeClass = (n: number | null) => (n == null || n === 0 ? '' : n > 0 ? 'change-up' : 'change-down');

/** What every statistics page shows beside its own data. */
const LOCALS = {
  ratingLabels: RATING_LABELS,
  ruleLines: QUALITY_RULE_LINES,
  commentMax: RATING_COMMENT_MAX,
  quarterLabel,
  duration: formatDuration,
  signed,
  changeClass,
  extraStyles: ['/public/css/stats.css'],
};

export function statsRoutes(db: Db): Router {
  const r = Router();
  r.get('/stats', allow('stats.view'), index(db));
  r.get('/stats/units/:code', loadUnit(db), allow('stats.view'), unitPage(db));
  r.get('/stats/:year/:quarter.xlsx', allow('stats.view'), loadPeriod, exportXlsx(db));
  r.get('/stats/:year/:quarter', allow('stats.view'), loadPeriod, show(db));
  r.post('/stats/:year/:quarter/compute', allow('stats.manage'), loadPeriod, compute(db));
  r.post('/stats/:year/:quarter/rate', allow('stats.manage'), loadPeriod, rate(db));
  r.post('/stats/:year/:quarter/publish', allow('stats.manage'), loadPeriod, publish(db));
  return r;
}

/** Puts the quarter named by `:year/:quarter` on `res.locals.period`, or 404s. */
function loadPeriod(req: Request, res: Response, next: NextFunction) {
  const p = quarterParams.safeParse(req.params);
  if (!p.success) return next(notFound('季度统计'));
  res.locals.period = p.data;
  next();
}

const manages = (req: Request) => can(req.user, 'stats.manage');
const quarterUrl = (q: QuarterRef) => `/stats/${q.year}/${q.quarter}`;

/** GET /stats — the quarters (published; drafts too for the office) with the trend of their totals; ?year=&quarter= opens one. */
function index(db: Db) {
  return async (req: Request, res: Response) => {
    const pick = pickQuery.parse(req.query);
    if (pick.year && pick.quarter) return res.redirect(303, quarterUrl({ year: pick.year, quarter: pick.quarter }));
    const quarters = await listQuarters(db, manages(req));
    const published = quarters.filter((q) => q.status === 'PUBLISHED').reverse();
    const chart = published.length
      ? lineChartSvg(published.map(quarterShortLabel), [{ name: '信息更新合计', values: published.map((q) => q.updates) }], {
          label: '各季度信息更新合计',
        })
      : null;
    const last = lastEndedQuarter(new Date());
    res.page('stats/index', {
      title: '季度统计',
      quarters,
      chart,
      pick: { year: pick.year ?? last.year, quarter: pick.quarter ?? last.quarter },
      thisYear: new Date().getUTCFullYear(),
      ...LOCALS,
    });
  };
}

/** Renders a quarter's page (or, for the office, the page of a quarter not computed yet); others get 404 for drafts. */
async function renderQuarter(db: Db, req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const period = res.locals.period as QuarterRef;
  const detail = await quarterDetail(db, period, manages(req));
  if (!detail && !manages(req)) throw notFound('季度统计');
  res.page(
    'stats/quarter',
    {
      title: `${quarterLabel(period)}信息统计`,
      period,
      detail,
      ended: hasEnded(period, new Date()),
      chart: detail
        ? barChartSvg(
            detail.rows.map((r) => ({ label: r.unitName, value: r.updates })),
            { label: `${quarterLabel(period)}各单位信息更新` },
          )
        : null,
      unrated: detail ? detail.rows.filter((r) => !r.rating).length : 0,
      ...LOCALS,
      ...extra,
    },
    status,
  );
}

/** GET /stats/:year/:quarter — the quarter's table, bar chart and changes; the office's rating and publishing forms on a draft. */
function show(db: Db) {
  return (req: Request, res: Response) => renderQuarter(db, req, res);
}

/** GET /stats/:year/:quarter.xlsx — the quarter's table as a workbook. */
function exportXlsx(db: Db) {
  return async (req: Request, res: Response) => {
    const period = res.locals.period as QuarterRef;
    const detail = await quarterDetail(db, period, manages(req));
    if (!detail) throw notFound('季度统计');
    const buf = await statsWorkbook(detail);
    const name = `${quarterLabel(period)}信息统计.xlsx`;
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="stats-${period.year}-q${period.quarter}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    res.send(buf);
  };
}

/** Runs an office action; a refused one re-renders the quarter with the message (400), a done one redirects. */
async function attempt(db: Db, req: Request, res: Response, run: () => Promise<string>, onError: Record<string, unknown> = {}) {
  try {
    flash(req, 'success', await run());
  } catch (e) {
    if (e instanceof ValidationError) return renderQuarter(db, req, res, { errors: e.fieldErrors, ...onError }, 400);
    throw e;
  }
  res.redirect(303, quarterUrl(res.locals.period));
}

/** POST /stats/:year/:quarter/compute — compute (or recompute, while a draft) the quarter's figures. */
function compute(db: Db) {
  return (req: Request, res: Response) =>
    attempt(db, req, res, async () => {
      const { units } = await computeQuarter(db, { ...res.locals.period, actor: req.user!, ip: req.ip });
      return `已计算${quarterLabel(res.locals.period)}的统计（${units} 个单位），请核对并评定等级后发布`;
    });
}

/** POST /stats/:year/:quarter/rate — the office's rating sheet: every unit's grade (优/良/中/差) and comment at once. */
function rate(db: Db) {
  return async (req: Request, res: Response) => {
    const parsed = ratingSheet.safeParse(req.body ?? {});
    const refill = { values: (req.body?.rows ?? {}) as Record<string, unknown> };
    if (!parsed.success) return renderQuarter(db, req, res, { errors: sheetErrors(parsed.error), ...refill }, 400);
    const ratings = Object.entries(parsed.data.rows).map(([key, l]) => ({ unitId: sheetUnitId(key), ...l }));
    await attempt(
      db,
      req,
      res,
      async () => {
        const n = await rateUnits(db, { ...res.locals.period, actor: req.user!, ip: req.ip, ratings });
        return n ? `已保存 ${n} 个单位的评定` : '评定没有变化';
      },
      refill,
    );
  };
}

/** POST /stats/:year/:quarter/publish — publish the draft; its figures are frozen from then on. */
function publish(db: Db) {
  return (req: Request, res: Response) =>
    attempt(db, req, res, async () => {
      await publishQuarter(db, { ...res.locals.period, actor: req.user!, ip: req.ip });
      return `${quarterLabel(res.locals.period)}的统计已发布`;
    });
}

/** GET /stats/units/:code — one unit's figures over the quarters, with line charts of its trend. */
function unitPage(db: Db) {
  return async (req: Request, res: Response) => {
    const unit = res.locals.unit as UnitRow;
    const rows = await unitTrend(db, unit.id, manages(req));
    const labels = rows.map((r) => quarterShortLabel(r.quarter));
    res.page('stats/unit', {
      title: `${unit.name} · 季度统计趋势`,
      unit,
      rows,
      updatesChart: rows.length
        ? lineChartSvg(
            labels,
            [
              { name: '信息更新', values: rows.map((r) => r.updates) },
              { name: '特色工作', values: rows.map((r) => r.featured) },
            ],
            { label: `${unit.name}各季度信息更新与特色工作` },
          )
        : null,
      qualityChart: rows.length
        ? lineChartSvg(labels, [{ name: '信息质量分', values: rows.map((r) => r.qualityScore) }], {
            label: `${unit.name}各季度信息质量分`,
            max: 100,
          })
        : null,
      ...LOCALS,
    });
  };
}
