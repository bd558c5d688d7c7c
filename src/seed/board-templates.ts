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
