import type { Direction, TargetKind, TargetPeriod } from '../generated/prisma/enums.js';

/** A demo target: what it measures and how its figures usually fall. */
export interface Template {
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

export const COMMITTEE: Template[] = [
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

export const BRANCH: Template[] = [
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
