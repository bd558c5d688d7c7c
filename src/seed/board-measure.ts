import type { Db } from '../db/client.js';
import type { PdcaStage, TargetPeriod } from '../generated/prisma/enums.js';
import { judge, lastEndedPeriod, periodEnd, reportingDeadline } from '../domain/boards/rules.js';
import type { Template } from './board-templates.js';
import type { rng } from './random.js';

const STAGES: PdcaStage[] = ['PLAN', 'DO', 'CHECK', 'ACT', 'CLOSED'];

const DAY = 86_400_000;

export type Measured = { id: number; t: Template; figures: Map<number, number> };

/** How a demo figure stands against its target, as the board judges it. */
export const statusOf = (t: Template, actual: number) =>
  judge({ kind: t.kind, direction: t.direction, targetValue: t.target, stretchValue: t.stretch ?? null, period: t.period }, actual);

/**
 * A year of figures up to last period for a unit's targets (some missed, late, missing), and a PDCA item for each
 * stretch of periods a must-achieve target missed. Targets fed from the records (`fed`) get no typed figures.
 */
export async function measure(
  db: Db,
  r: ReturnType<typeof rng>,
  targets: { id: number; t: Template }[],
  year: number,
  now: Date,
  actorId: number,
  unitId: number,
  fed: (t: Template) => boolean = () => false,
): Promise<Measured[]> {
  const rows: { targetId: number; period: number; actual: number; note: string; late: boolean; reportedById: number; reportedAt: Date }[] =
    [];
  const measured: Measured[] = [];
  for (const { id, t } of targets) {
    const figures = new Map<number, number>();
    measured.push({ id, t, figures });
    if (fed(t)) continue;
    const last = lastEndedPeriod(year, t.period, now);
    for (let n = 1; n <= last; n++) {
      if (n === last && r.chance(0.2)) continue; // not reported yet
      if (n < last && r.chance(0.04)) continue; // a hole in the record
      const raw = t.target + (r.next() - 0.35) * t.spread * 2 * (t.direction === 'HIGHER' ? 1 : -1);
      const actual = t.uom === '%' ? Math.min(100, Math.round(raw * 10) / 10) : Math.max(0, Math.round(raw));
      const late = r.chance(0.12);
      const reportedAt = new Date(reportingDeadline(year, t.period, n).getTime() + (late ? 3 : -5) * DAY);
      figures.set(n, actual);
      rows.push({
        targetId: id,
        period: n,
        actual,
        note: late ? '数据核对后补报' : '',
        late,
        reportedById: actorId,
        reportedAt: reportedAt < now ? reportedAt : now,
      });
    }
  }
  await db.measurement.createMany({ data: rows });
  for (const m of measured.filter((x) => x.t.kind === 'MUST'))
    for (const s of missedStretches(m)) await openCountermeasure(db, r, { unitId, targetId: m.id, t: m.t, year, now, actorId, ...s });
  return measured;
}

/** The runs of consecutive missed periods: a figure that is met, or not reported, ends a run. */
function missedStretches(m: Measured): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  for (const n of [...m.figures.keys()].sort((a, b) => a - b)) {
    if (statusOf(m.t, m.figures.get(n)!) !== 'missed') continue;
    const run = runs.at(-1);
    if (run && run.to === n - 1) run.to = n;
    else runs.push({ from: n, to: n });
  }
  return runs;
}

/** "2026年9–10月" or "2026年第3季度": the periods a PDCA item answers for. */
export function periodsLabel(year: number, period: TargetPeriod, from: number, to: number): string {
  const span = from === to ? `${from}` : `${from}–${to}`;
  return period === 'QUARTERLY' ? `${year}年第${span}季度` : `${year}年${span}月`;
}

/** One countermeasure in a seeded stage (every stage occurs across the organisation), opened after the stretch ended. */
async function openCountermeasure(
  db: Db,
  r: ReturnType<typeof rng>,
  p: { unitId: number; targetId: number; t: Template; year: number; now: Date; actorId: number; from: number; to: number },
) {
  const stage = r.pick(STAGES);
  const upTo = (t: number) => new Date(Math.min(t, p.now.getTime())); // nothing happens after today
  const created = new Date(Math.min(periodEnd(p.year, p.t.period, p.to).getTime() + 3 * DAY + 9.5 * 3_600_000, p.now.getTime() - DAY));
  const c = await db.countermeasure.create({
    data: {
      unitId: p.unitId,
      source: 'TARGET',
      targetId: p.targetId,
      problem: `必达目标「${p.t.title}」${periodsLabel(p.year, p.t.period, p.from, p.to)}未达成`,
      stage,
      createdById: p.actorId,
      cause: stage === 'PLAN' ? '' : '责任落实不到位，过程跟踪不及时',
      action: stage === 'PLAN' ? '' : '明确责任人，每周跟踪，月底复盘',
      answer: stage === 'PLAN' ? '' : '已按措施推进',
      dueDate: new Date(created.getTime() + 30 * DAY),
      createdAt: created,
      closedAt: stage === 'CLOSED' ? upTo(created.getTime() + 25 * DAY) : null,
      closedById: stage === 'CLOSED' ? p.actorId : null,
    },
  });
  const path = STAGES.slice(0, STAGES.indexOf(stage) + 1);
  await db.countermeasureStep.createMany({
    data: path.map((s, i) => ({
      countermeasureId: c.id,
      fromStage: i ? path[i - 1] : null,
      toStage: s,
      note: i ? '按计划推进' : '立项',
      actorId: p.actorId,
      at: upTo(created.getTime() + i * 5 * DAY),
    })),
  });
}
