import type { Db } from '../db/client.js';
import type { Direction, PdcaStage, TargetKind, TargetPeriod } from '../generated/prisma/enums.js';
import { judge, lastEndedPeriod, reportingDeadline, valueKindFor } from '../domain/boards/rules.js';
import type { DemoOrganisation } from './organisation.js';
import { rng } from './random.js';

interface Template {
  title: string;
  measure: string;
  uom: string;
  direction: Direction;
  target: number;
  stretch?: number;
  kind: TargetKind;
  period: TargetPeriod;
  /** Typical spread of the actual figure around the target. */
  spread: number;
  serves?: number;
}

const COMMITTEE: Template[] = [
  {
    title: '基层党组织按期换届率',
    measure: '按期换届支部数 ÷ 应换届支部数',
    uom: '%',
    direction: 'HIGHER',
    target: 100,
    kind: 'MUST',
    period: 'QUARTERLY',
    spread: 3,
  },
  {
    title: '“三会一课”按期召开率',
    measure: '按期召开次数 ÷ 应召开次数',
    uom: '%',
    direction: 'HIGHER',
    target: 95,
    kind: 'MUST',
    period: 'MONTHLY',
    spread: 6,
  },
  {
    title: '党员教育培训覆盖率',
    measure: '参训党员 ÷ 党员总数',
    uom: '%',
    direction: 'HIGHER',
    target: 90,
    stretch: 98,
    kind: 'CHALLENGE',
    period: 'QUARTERLY',
    spread: 8,
  },
  {
    title: '党建信息按时报送率',
    measure: '按时报送模块数 ÷ 应报送模块数',
    uom: '%',
    direction: 'HIGHER',
    target: 90,
    kind: 'MUST',
    period: 'MONTHLY',
    spread: 8,
  },
  {
    title: '党风廉政问题发生数',
    measure: '发生违规违纪问题的件数',
    uom: '件',
    direction: 'LOWER',
    target: 0,
    kind: 'MUST',
    period: 'QUARTERLY',
    spread: 0.4,
  },
];

const BRANCH: Template[] = [
  {
    title: '“三会一课”按期召开率',
    measure: '按期召开次数 ÷ 应召开次数',
    uom: '%',
    direction: 'HIGHER',
    target: 100,
    kind: 'MUST',
    period: 'MONTHLY',
    spread: 8,
    serves: 1,
  },
  {
    title: '党费按月足额收缴率',
    measure: '按月足额交纳党员 ÷ 应交党员',
    uom: '%',
    direction: 'HIGHER',
    target: 100,
    kind: 'MUST',
    period: 'MONTHLY',
    spread: 4,
  },
  {
    title: '党员参学率',
    measure: '参加集中学习人次 ÷ 应参学人次',
    uom: '%',
    direction: 'HIGHER',
    target: 90,
    stretch: 97,
    kind: 'CHALLENGE',
    period: 'MONTHLY',
    spread: 8,
    serves: 2,
  },
  {
    title: '网站模块按时更新数',
    measure: '当月按周期更新的模块数',
    uom: '个',
    direction: 'HIGHER',
    target: 12,
    stretch: 16,
    kind: 'CHALLENGE',
    period: 'MONTHLY',
    spread: 4,
    serves: 3,
  },
  {
    title: '合理化建议提交数',
    measure: '党员提交并被采纳的合理化建议',
    uom: '条',
    direction: 'HIGHER',
    target: 6,
    stretch: 10,
    kind: 'CHALLENGE',
    period: 'QUARTERLY',
    spread: 3,
  },
  {
    title: '质量事故发生数',
    measure: '本支部责任区质量事故件数',
    uom: '件',
    direction: 'LOWER',
    target: 1,
    kind: 'MUST',
    period: 'MONTHLY',
    spread: 1,
  },
  {
    title: '党员责任区安全隐患整改率',
    measure: '按期整改隐患 ÷ 发现隐患',
    uom: '%',
    direction: 'HIGHER',
    target: 95,
    kind: 'MUST',
    period: 'QUARTERLY',
    spread: 6,
  },
  {
    title: '入党积极分子培养人数',
    measure: '在培积极分子人数',
    uom: '人',
    direction: 'HIGHER',
    target: 2,
    stretch: 4,
    kind: 'CHALLENGE',
    period: 'QUARTERLY',
    spread: 1.5,
  },
];

const SELF = [
  '本月三会一课按期召开，党员参学率稳步提升；质量指标波动，已组织党员责任区专项检查。',
  '党费收缴及时足额；个别党员因出差未参加集中学习，已安排补学。',
  '目标总体受控；网站更新偏慢，已明确信息员每周五更新。',
];
const OFFICE = ['数据报送及时，分析到位。', '诊断较为笼统，请结合数据找原因。', '整改措施可操作，请按期验证效果。'];
const STAGES: PdcaStage[] = ['PLAN', 'DO', 'CHECK', 'ACT', 'CLOSED'];

const DAY = 86_400_000;

/** Every demo unit's board for the current year: targets, figures up to last period (some missed, late, missing), diagnoses, PDCA. */
export async function seedBoards(db: Db, org: DemoOrganisation, now = new Date()): Promise<void> {
  const r = rng(4);
  const year = now.getUTCFullYear();
  const office = org.accounts.office;
  const committeeTargets = await createTargets(db, org.committeeId, year, COMMITTEE, () => undefined);
  for (const b of org.branches) {
    const picks = BRANCH.filter((_, i) => i < 4 || r.chance(0.6));
    const targets = await createTargets(db, b.id, year, picks, (t) => (t.serves ? committeeTargets[t.serves] : undefined));
    await measure(
      db,
      r,
      targets.map((id, i) => ({ id, t: picks[i] })),
      year,
      now,
      office,
      b.id,
    );
    await diagnose(db, r, b.id, year, now, office);
  }
  await measure(
    db,
    r,
    committeeTargets.map((id, i) => ({ id, t: COMMITTEE[i] })),
    year,
    now,
    office,
    org.committeeId,
  );
}

/** Who answers for a demo target (the board's and the export's 责任人). */
const OWNERS = ['书记', '组织委员', '宣传委员', '纪检委员'];

async function createTargets(db: Db, unitId: number, year: number, templates: Template[], parent: (t: Template) => number | undefined) {
  const rows = await db.target.createManyAndReturn({
    data: templates.map((t, i) => ({
      unitId,
      year,
      kind: t.kind,
      title: t.title,
      measure: t.measure,
      uom: t.uom,
      direction: t.direction,
      targetValue: t.target,
      stretchValue: t.stretch ?? null,
      period: t.period,
      valueKind: valueKindFor(t.uom),
      ownerName: OWNERS[i % OWNERS.length],
      parentId: parent(t) ?? null,
      sortOrder: i,
    })),
    select: { id: true },
  });
  return rows.map((x) => x.id);
}

async function measure(
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

async function diagnose(db: Db, r: ReturnType<typeof rng>, unitId: number, year: number, now: Date, office: number) {
  const months = lastEndedPeriod(year, 'MONTHLY', now);
  const data = [];
  for (let m = Math.max(1, months - 2); m <= months; m++) {
    const rated = m < months || r.chance(0.3);
    data.push({
      unitId,
      year,
      month: m,
      selfText: r.pick(SELF),
      selfAt: new Date(Date.UTC(year, m, 5)),
      officeRating: rated ? r.pick(['GOOD', 'FAIR', 'NEEDS_WORK'] as const) : null,
      officeText: rated ? r.pick(OFFICE) : '',
      officeById: rated ? office : null,
      officeAt: rated ? new Date(Date.UTC(year, m, 9)) : null,
    });
  }
  await db.diagnosis.createMany({ data });
}
