import type { Db } from '../db/client.js';
import type { DiagnosisRating } from '../generated/prisma/enums.js';
import { lastEndedPeriod } from '../domain/boards/rules.js';
import { statusOf, type Measured } from './board-measure.js';
import type { rng } from './random.js';

const HOUR = 3_600_000;
/** What a branch says it did about a shortfall: the first whose key the target's title holds. */
const REMEDIES: [string, string][] = [
  ['党费', '已逐人核对，对未足额交纳的党员当面提醒，下月补齐'],
  ['参学', '已对缺学党员安排补学，学习资料送到班组'],
  ['参加率', '已安排支委上门送学，行动不便的老党员电话连线参加'],
  ['网站', '已明确信息员每周五集中更新，支部书记每月检查'],
  ['质量', '已组织质量责任区党员逐件复盘原因，整改措施落实到人'],
  ['', '已召开支委会分析原因，明确责任人和完成时限'],
];

const fmt = (v: number) => String(Math.round(v * 10) / 10);
const gap = (uom: string, d: number) => `${fmt(Math.abs(d))}${uom === '%' ? '个百分点' : uom}`;

/** The month's targets as the board judges them, with last month's figure for the trend. */
function monthFigures(measured: Measured[], m: number) {
  return measured
    .filter((x) => x.t.period === 'MONTHLY' && x.figures.size)
    .map((x) => ({ t: x.t, actual: x.figures.get(m), before: x.figures.get(m - 1) }))
    .map((f) => ({ ...f, status: f.actual == null ? ('unreported' as const) : statusOf(f.t, f.actual) }));
}
type Figure = ReturnType<typeof monthFigures>[number];

function trend(f: Figure): string {
  if (f.before == null || f.actual == null) return '';
  const d = f.actual - f.before;
  if (d === 0) return '，与上月持平';
  return `，较上月${d > 0 ? '上升' : '下降'}${gap(f.t.uom, d)}`;
}

/** Better than last month, whichever way the target counts. */
function improved(f: Figure): boolean {
  if (f.before == null || f.actual == null) return false;
  return f.t.direction === 'HIGHER' ? f.actual > f.before : f.actual < f.before;
}

/** The unit's own reading of the month: what was met, what fell short, by how much, and what it does about it. */
export function selfDiagnosis(figures: Figure[], m: number, last: number): string {
  const reported = figures.filter((f) => f.actual != null);
  const ok = reported.filter((f) => f.status === 'met' || f.status === 'stretch');
  const parts = [`${m}月考核月度目标${reported.length}项，达成${ok.length}项。`];
  for (const f of reported.filter((x) => x.status === 'missed' || x.status === 'atRisk')) {
    const word = f.t.kind === 'MUST' ? '必达目标' : '挑战目标';
    const remedy = REMEDIES.find(([k]) => f.t.title.includes(k))![1];
    parts.push(
      `${word}「${f.t.title}」为${fmt(f.actual!)}${f.t.uom}，目标值${fmt(f.t.target)}${f.t.uom}，差${gap(f.t.uom, f.actual! - f.t.target)}，${f.status === 'missed' ? '未达成' : '处于预警'}${trend(f)}；${remedy}。`,
    );
  }
  for (const f of reported.filter((x) => x.status === 'stretch'))
    parts.push(`「${f.t.title}」为${fmt(f.actual!)}${f.t.uom}，达到挑战值${trend(f)}。`);
  const best = ok.find((f) => f.status === 'met' && improved(f));
  if (best) parts.push(`「${best.t.title}」${fmt(best.actual!)}${best.t.uom}${trend(best)}。`);
  for (const f of figures.filter((x) => x.actual == null))
    parts.push(m === last ? `「${f.t.title}」本月数据尚在核对，将按期报送。` : `「${f.t.title}」本月数据漏报，已安排补报。`);
  return parts.join('');
}

/** The office's grade and comment, chosen together from the same figures the unit wrote about. */
export function officeView(figures: Figure[]): { rating: DiagnosisRating; text: string } {
  const missedMust = figures.filter((f) => f.t.kind === 'MUST' && f.status === 'missed').map((f) => `「${f.t.title}」`);
  if (missedMust.length)
    return {
      rating: missedMust.length > 1 ? 'POOR' : 'NEEDS_WORK',
      text: `必达目标${missedMust.join('、')}未达成，请深入分析原因，按PDCA落实整改措施并按期验证效果。`,
    };
  const named = (xs: Figure[]) => xs.map((f) => `「${f.t.title}」`).join('、');
  const short = figures.filter((f) => f.status === 'missed' || f.status === 'atRisk');
  const unreported = figures.filter((f) => f.status === 'unreported');
  if (short.length || unreported.length) {
    const said = [
      short.length ? `${named(short)}低于目标值，请分析原因、提前采取措施，防止必达目标未达成` : '',
      unreported.length ? `${named(unreported)}数据未报送，请及时补报` : '',
    ];
    return { rating: 'FAIR', text: `本月无未达成的必达目标；${said.filter(Boolean).join('；')}。` };
  }
  const stretch = figures.filter((f) => f.status === 'stretch').map((f) => `「${f.t.title}」`);
  return {
    rating: 'GOOD',
    text: `各项目标均已达成${stretch.length ? `，${stretch.join('、')}达到挑战值` : ''}，诊断结合数据、措施具体，请继续保持。`,
  };
}

/** The unit's self-diagnosis and the office's rating of its last three months, both from that month's figures. */
export async function diagnose(db: Db, r: ReturnType<typeof rng>, unitId: number, measured: Measured[], now: Date, office: number) {
  const year = now.getUTCFullYear();
  const months = lastEndedPeriod(year, 'MONTHLY', now);
  const data = [];
  for (let m = Math.max(1, months - 2); m <= months; m++) {
    const figures = monthFigures(measured, m);
    const selfText = selfDiagnosis(figures, m, months);
    const selfAt = new Date(Math.min(Date.UTC(year, m, 3, 1 + r.int(0, 7), r.int(0, 59)), now.getTime() - 3 * HOUR));
    const rated = m < months || r.chance(0.3);
    const view = officeView(figures);
    data.push({
      unitId,
      year,
      month: m,
      selfText,
      selfAt,
      officeRating: rated ? view.rating : null,
      officeText: rated ? view.text : '',
      evaluatedSelfText: rated ? selfText : '',
      officeById: rated ? office : null,
      officeAt: rated ? new Date(Math.min(Date.UTC(year, m, 8, 1 + r.int(0, 7), r.int(0, 59)), now.getTime() - HOUR)) : null,
    });
  }
  await db.diagnosis.createMany({ data });
}
