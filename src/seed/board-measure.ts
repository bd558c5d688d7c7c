import type { Db } from '../db/client.js';
import type { PdcaStage, TargetPeriod } from '../generated/prisma/enums.js';
import { judge, lastEndedPeriod, reportingDeadline } from '../domain/boards/rules.js';
import type { Template } from './board-templates.js';
import type { rng } from './random.js';

const STAGES: PdcaStage[] = ['PLAN', 'DO', 'CHECK', 'ACT', 'CLOSED'];

const DAY = 86_400_000;

/** A year of figures up to last period for a unit's targets (some missed, late, missing) and PDCA items for missed must-achieve targets. */
export async function measure(
  db: Db,
  r: ReturnType<typeof rng>,
  targets: { id: number; t: Template }[],
  year: number,
  now: Date,
  actorId: number,
  unitId: number,
) {
  const rows: { targetId: number; period: number; actual: number; note: string; late: boolean; reportedById: number; reportedAt: Date }[] =
    [];
  const missedMust: { id: number; title: string; period: number }[] = [];
  const withPeriod = new Map(targets.map((x) => [x.id, x.t.period]));
  for (const { id, t } of targets) {
    const last = lastEndedPeriod(year, t.period, now);
    for (let n = 1; n <= last; n++) {
      if (n === last && r.chance(0.2)) continue; // not reported yet
      if (n < last && r.chance(0.04)) continue; // a hole in the record
      const raw = t.target + (r.next() - 0.35) * t.spread * 2 * (t.direction === 'HIGHER' ? 1 : -1);
      const actual = t.uom === '%' ? Math.min(100, Math.round(raw * 10) / 10) : Math.max(0, Math.round(raw));
      const late = r.chance(0.12);
      const reportedAt = new Date(reportingDeadline(year, t.period, n).getTime() + (late ? 3 : -5) * DAY);
      rows.push({
        targetId: id,
        period: n,
        actual,
        note: late ? '数据核对后补报' : '',
        late,
        reportedById: actorId,
        reportedAt: reportedAt < now ? reportedAt : now,
      });
      if (
        t.kind === 'MUST' &&
        judge(
          { kind: t.kind, direction: t.direction, targetValue: t.target, stretchValue: t.stretch ?? null, period: t.period },
          actual,
        ) === 'missed'
      )
        missedMust.push({ id, title: t.title, period: n });
    }
  }
  await db.measurement.createMany({ data: rows });
  // one countermeasure per missed must-achieve target, in every stage across the organisation
  const seen = new Set<number>();
  for (const m of missedMust) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    const stage = r.pick(STAGES);
    const created = new Date(Date.UTC(year, m.period, 12));
    const c = await db.countermeasure.create({
      data: {
        unitId,
        source: 'TARGET',
        targetId: m.id,
        problem: `必达目标「${m.title}」${year}年${m.period}${targetsPeriodWord(withPeriod.get(m.id))}未达成`,
        stage,
        createdById: actorId,
        cause: stage === 'PLAN' ? '' : '责任落实不到位，过程跟踪不及时',
        action: stage === 'PLAN' ? '' : '明确责任人，每周跟踪，月底复盘',
        answer: stage === 'PLAN' ? '' : '已按措施推进',
        dueDate: new Date(created.getTime() + 30 * DAY),
        createdAt: created,
        closedAt: stage === 'CLOSED' ? new Date(created.getTime() + 25 * DAY) : null,
        closedById: stage === 'CLOSED' ? actorId : null,
      },
    });
    const path = STAGES.slice(0, STAGES.indexOf(stage) + 1);
    await db.countermeasureStep.createMany({
      data: path.map((s, i) => ({
        countermeasureId: c.id,
        fromStage: i ? path[i - 1] : null,
        toStage: s,
        note: i ? '按计划推进' : '立项',
        actorId,
        at: new Date(created.getTime() + i * 5 * DAY),
      })),
    });
  }
}

const targetsPeriodWord = (p: TargetPeriod | undefined) => (p === 'QUARTERLY' ? '季度' : '月');
