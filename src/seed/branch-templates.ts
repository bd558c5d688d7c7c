import type { Template } from './board-templates.js';

/** What a branch is, as its targets see it: a workshop answers for quality and safety, retirees for none of that. */
export type BranchKind = 'PRODUCTION' | 'OFFICE' | 'RETIREES';

export function branchKind(name: string): BranchKind {
  if (name.includes('离退休')) return 'RETIREES';
  return name.includes('机关') || name.includes('综合') ? 'OFFICE' : 'PRODUCTION';
}

/** The branches' 三会一课 target, whose figures seed/orglife.ts takes from the meeting records. */
export const FED_TITLE = '“三会一课”按期召开率';

const MEETINGS: Template = {
  title: FED_TITLE,
  measure: '按期召开次数 ÷ 应召开次数',
  uom: '%',
  direction: 'HIGHER',
  target: 100,
  kind: 'MUST',
  period: 'MONTHLY',
  spread: 8,
  serves: 1,
};
const DUES: Template = {
  title: '党费按月足额收缴率',
  measure: '按月足额交纳党员 ÷ 应交党员',
  uom: '%',
  direction: 'HIGHER',
  target: 100,
  kind: 'MUST',
  period: 'MONTHLY',
  spread: 4,
};
const STUDY: Template = {
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
};
const SITE = (target: number, stretch: number): Template => ({
  title: '网站模块按时更新数',
  measure: '当月按周期更新的模块数',
  uom: '个',
  direction: 'HIGHER',
  target,
  stretch,
  kind: 'CHALLENGE',
  period: 'MONTHLY',
  spread: 4,
  serves: 3,
});
const ACTIVISTS: Template = {
  title: '入党积极分子培养人数',
  measure: '在培积极分子人数',
  uom: '人',
  direction: 'HIGHER',
  target: 2,
  stretch: 4,
  kind: 'CHALLENGE',
  period: 'QUARTERLY',
  spread: 1.5,
};

/** Each kind's targets; `optional` ones a branch takes or leaves (seeded), the others every branch of the kind has. */
const BY_KIND: Record<BranchKind, (Template & { optional?: boolean })[]> = {
  PRODUCTION: [
    MEETINGS,
    DUES,
    STUDY,
    SITE(12, 16),
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
      title: '合理化建议提交数',
      measure: '党员提交并被采纳的合理化建议',
      uom: '条',
      direction: 'HIGHER',
      target: 6,
      stretch: 10,
      kind: 'CHALLENGE',
      period: 'QUARTERLY',
      spread: 3,
      optional: true,
    },
    { ...ACTIVISTS, optional: true },
  ],
  OFFICE: [
    MEETINGS,
    DUES,
    STUDY,
    SITE(12, 16),
    {
      title: '职工意见按期办结率',
      measure: '按期办结的职工意见 ÷ 收集的职工意见',
      uom: '%',
      direction: 'HIGHER',
      target: 90,
      kind: 'MUST',
      period: 'QUARTERLY',
      spread: 8,
    },
    {
      title: '党员下基层服务次数',
      measure: '党员到车间班组现场服务、调研的次数',
      uom: '次',
      direction: 'HIGHER',
      target: 6,
      stretch: 9,
      kind: 'CHALLENGE',
      period: 'QUARTERLY',
      spread: 3,
    },
    { ...ACTIVISTS, optional: true },
  ],
  RETIREES: [
    MEETINGS,
    DUES,
    {
      title: '组织生活参加率',
      measure: '参加组织生活人次 ÷ 应参加人次（行动不便者送学上门计入）',
      uom: '%',
      direction: 'HIGHER',
      target: 85,
      stretch: 92,
      kind: 'CHALLENGE',
      period: 'MONTHLY',
      spread: 8,
      serves: 2,
    },
    SITE(6, 10),
    {
      title: '走访慰问老党员人次',
      measure: '支委走访慰问高龄、患病、困难老党员的人次',
      uom: '人次',
      direction: 'HIGHER',
      target: 12,
      stretch: 18,
      kind: 'CHALLENGE',
      period: 'QUARTERLY',
      spread: 5,
    },
    {
      title: '学习教育送学上门覆盖率',
      measure: '送学上门的行动不便党员 ÷ 行动不便党员',
      uom: '%',
      direction: 'HIGHER',
      target: 100,
      kind: 'MUST',
      period: 'QUARTERLY',
      spread: 5,
    },
  ],
};

/** The targets a branch of this name sets itself, drawing its optional ones with `chance`. */
export function branchTemplates(name: string, chance: (p: number) => boolean): Template[] {
  return BY_KIND[branchKind(name)].filter((t) => !t.optional || chance(0.6)).map(({ optional: _o, ...t }) => t);
}
