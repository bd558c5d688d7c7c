import type { Db } from '../db/client.js';
import type { FindingSeverity, PdcaStage } from '../generated/prisma/enums.js';
import type { DemoOrganisation } from './organisation.js';

const DAY = 86_400_000;

const VISITS: {
  branch: number;
  daysAgo: number;
  scope: string;
  notes: string;
  open: boolean;
  findings: { text: string; severity: FindingSeverity; dueIn: number; stage: PdcaStage }[];
}[] = [
  {
    branch: 0,
    daysAgo: 75,
    scope: '三会一课记录、党费收缴台账',
    notes: '',
    open: false,
    findings: [
      { text: '第二季度支委会记录缺少议题和决议', severity: 'MAJOR', dueIn: -45, stage: 'CLOSED' },
      { text: '党费收缴台账未按月公示', severity: 'MINOR', dueIn: -40, stage: 'CLOSED' },
    ],
  },
  {
    branch: 0,
    daysAgo: 12,
    scope: '方针管理板数据、网站模块更新',
    notes: '问：质量事故指标连续两月未达成，原因是什么？\n问：网站“学习教育”模块为何两月未更新？',
    open: true,
    findings: [
      { text: '质量事故发生数连续未达成，自我诊断未分析原因', severity: 'SERIOUS', dueIn: 18, stage: 'DO' },
      { text: '学习教育模块超过一个月未更新', severity: 'MINOR', dueIn: -2, stage: 'PLAN' },
    ],
  },
  {
    branch: 2,
    daysAgo: 30,
    scope: '组织生活会和民主评议',
    notes: '问：民主评议结果是否已向党员反馈？',
    open: true,
    findings: [
      { text: '民主评议党员结果未在支部内通报', severity: 'MAJOR', dueIn: -5, stage: 'CHECK' },
      { text: '组织生活会批评与自我批评不够深入', severity: 'MINOR', dueIn: 10, stage: 'ACT' },
    ],
  },
];

const PATH: PdcaStage[] = ['PLAN', 'DO', 'CHECK', 'ACT', 'CLOSED'];

/** A few online inspections of demo branches: one finished with findings closed, two open with findings in every stage. */
export async function seedInspections(db: Db, org: DemoOrganisation, now = new Date()): Promise<void> {
  const office = org.accounts.office;
  for (const v of VISITS) {
    const branch = org.branches[v.branch];
    const visitDate = new Date(now.getTime() - v.daysAgo * DAY);
    const inspection = await db.inspection.create({
      data: {
        unitId: branch.id,
        visitDate,
        inspectors: '党务室 王敏、李华',
        scope: v.scope,
        notes: v.notes,
        status: v.open ? 'OPEN' : 'CLOSED',
        createdById: office,
        createdAt: visitDate,
      },
    });
    for (const f of v.findings) {
      const dueDate = new Date(now.getTime() + f.dueIn * DAY);
      const finding = await db.finding.create({
        data: {
          inspectionId: inspection.id,
          unitId: branch.id,
          text: f.text,
          severity: f.severity,
          dueDate,
          createdById: office,
          createdAt: visitDate,
        },
      });
      const done = f.stage !== 'PLAN';
      const c = await db.countermeasure.create({
        data: {
          unitId: branch.id,
          source: 'FINDING',
          findingId: finding.id,
          problem: f.text,
          dueDate,
          stage: f.stage,
          createdById: office,
          createdAt: visitDate,
          cause: done ? '支部对制度要求学习不够，过程缺少检查' : '',
          action: done ? '组织专题学习，明确专人负责，每月自查' : '',
          ownerName: done ? '支部书记' : '',
          answer: done ? '已按措施整改，附整改记录' : '',
          closedAt: f.stage === 'CLOSED' ? new Date(dueDate.getTime() - 3 * DAY) : null,
          closedById: f.stage === 'CLOSED' ? office : null,
        },
      });
      const path = PATH.slice(0, PATH.indexOf(f.stage) + 1);
      await db.countermeasureStep.createMany({
        data: path.map((s, i) => ({
          countermeasureId: c.id,
          fromStage: i ? path[i - 1] : null,
          toStage: s,
          note: i === 0 ? '检查发现问题，转为整改事项' : s === 'CLOSED' ? '党务室核实通过' : '按计划推进',
          actorId: s === 'CLOSED' || i === 0 ? office : (org.accounts.sec01 ?? office),
          at: new Date(visitDate.getTime() + i * 4 * DAY),
        })),
      });
    }
  }
}
