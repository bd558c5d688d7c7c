import type { Cadence, ModuleKind, Section, UnitKind } from '../../generated/prisma/enums.js';

export interface ModuleSpec {
  key: string;
  title: string;
  section: Section;
  kind: ModuleKind;
  cadence: Cadence;
  recordType?: string;
  linkedFeature?: string;
  description: string;
}

export interface TemplateSpec {
  key: 'committee' | 'branch';
  name: string;
  unitKinds: UnitKind[];
  modules: ModuleSpec[];
}

/**
 * The module catalogue as first delivered (DESIGN.md): 18 modules for the committee, 23 for each branch.
 * This is only the starting point: the boot step adds what is missing, and from then on the administrator
 * owns the catalogue (/admin/catalogue). Keys are stable: links and other features refer to them.
 */
export const CATALOGUE: TemplateSpec[] = [
  {
    key: 'committee',
    name: '党委网站',
    unitKinds: ['COMMITTEE'],
    modules: [
      { key: 'overview', title: '党委概况', section: 'FOUNDATION', kind: 'PAGE', cadence: 'YEARLY', description: '党委委员及其分工' },
      {
        key: 'structure',
        title: '组织架构',
        section: 'FOUNDATION',
        kind: 'PAGE',
        cadence: 'YEARLY',
        description: '党组织架构、各支部书记及联系方式',
      },
      {
        key: 'rules',
        title: '制度建设',
        section: 'FOUNDATION',
        kind: 'PAGE',
        cadence: 'YEARLY',
        description: '议事规则、“三重一大”决策制度、党建工作责任制等',
      },
      {
        key: 'responsibilities',
        title: '党建责任清单',
        section: 'FOUNDATION',
        kind: 'PAGE',
        cadence: 'YEARLY',
        description: '按人列出的党建工作责任清单',
      },
      {
        key: 'members',
        title: '党员队伍',
        section: 'FOUNDATION',
        kind: 'PAGE',
        cadence: 'QUARTERLY',
        description: '全厂党员队伍统计与结构分析',
      },
      {
        key: 'guides',
        title: '党务工作指南',
        section: 'FOUNDATION',
        kind: 'LINKED',
        linkedFeature: 'guides',
        cadence: 'ON_EVENT',
        description: '支部工作的操作指南（来自党建知识库）',
      },
      {
        key: 'board',
        title: '方针管理板',
        section: 'PRIORITIES',
        kind: 'BOARD',
        cadence: 'MONTHLY',
        description: '党委的必达目标与挑战目标、逐期数据、诊断与改进',
      },
      { key: 'plan', title: '年度工作要点', section: 'PRIORITIES', kind: 'PAGE', cadence: 'YEARLY', description: '党委本年度党建工作要点' },
      {
        key: 'notices',
        title: '文件通知',
        section: 'PRIORITIES',
        kind: 'LINKED',
        linkedFeature: 'notices',
        cadence: 'ON_EVENT',
        description: '党委及上级文件、通知的网上传达与回执',
      },
      {
        key: 'study',
        title: '中心组学习',
        section: 'PRIORITIES',
        kind: 'RECORDS',
        recordType: 'study',
        cadence: 'MONTHLY',
        description: '党委理论学习中心组每次学习的记录',
      },
      {
        key: 'integrity',
        title: '党风廉政建设',
        section: 'PRIORITIES',
        kind: 'PAGE',
        cadence: 'QUARTERLY',
        description: '党风廉政建设责任制落实、廉洁教育',
      },
      {
        key: 'grassroots',
        title: '基层组织建设',
        section: 'PRIORITIES',
        kind: 'PAGE',
        cadence: 'QUARTERLY',
        description: '支部标准化建设、检查与指导',
      },
      { key: 'mass', title: '群团工作', section: 'PRIORITIES', kind: 'PAGE', cadence: 'QUARTERLY', description: '工会、共青团、妇女工作' },
      {
        key: 'assessment',
        title: '诊断与考核',
        section: 'REVIEW',
        kind: 'LINKED',
        linkedFeature: 'assessment',
        cadence: 'QUARTERLY',
        description: '各支部季度考核结果与排名',
      },
      {
        key: 'summary',
        title: '工作总结',
        section: 'REVIEW',
        kind: 'RECORDS',
        recordType: 'summary',
        cadence: 'QUARTERLY',
        description: '季度、半年和年度工作总结',
      },
      {
        key: 'news',
        title: '党建动态',
        section: 'REVIEW',
        kind: 'RECORDS',
        recordType: 'news',
        cadence: 'MONTHLY',
        description: '党委党建工作新闻',
      },
      {
        key: 'honours',
        title: '荣誉表彰',
        section: 'REVIEW',
        kind: 'RECORDS',
        recordType: 'honour',
        cadence: 'YEARLY',
        description: '党委及党员获得的荣誉',
      },
      {
        key: 'chronicle',
        title: '大事记',
        section: 'REVIEW',
        kind: 'RECORDS',
        recordType: 'chronicle',
        cadence: 'QUARTERLY',
        description: '党委工作大事记',
      },
    ],
  },
  {
    key: 'branch',
    name: '党支部网站',
    unitKinds: ['BRANCH', 'GENERAL_BRANCH'],
    modules: [
      { key: 'overview', title: '支部概况', section: 'FOUNDATION', kind: 'PAGE', cadence: 'YEARLY', description: '支委成员及分工' },
      {
        key: 'members',
        title: '党员名册',
        section: 'FOUNDATION',
        kind: 'ROSTER',
        cadence: 'QUARTERLY',
        description: '支部党员名册（仅支委和党务室可见）',
      },
      { key: 'groups', title: '党小组', section: 'FOUNDATION', kind: 'PAGE', cadence: 'YEARLY', description: '党小组设置及组长' },
      { key: 'rules', title: '制度职责', section: 'FOUNDATION', kind: 'PAGE', cadence: 'YEARLY', description: '支部工作制度与岗位职责' },
      {
        key: 'recruitment',
        title: '发展党员',
        section: 'FOUNDATION',
        kind: 'ROSTER',
        cadence: 'QUARTERLY',
        description: '入党申请人、积极分子、发展对象、预备党员的培养进程',
      },
      {
        key: 'dues',
        title: '党费收缴',
        section: 'FOUNDATION',
        kind: 'RECORDS',
        recordType: 'dues',
        cadence: 'MONTHLY',
        description: '每月党费收缴情况',
      },
      { key: 'study', title: '学习园地', section: 'FOUNDATION', kind: 'PAGE', cadence: 'MONTHLY', description: '学习资料与学习安排' },
      {
        key: 'pioneers',
        title: '党员先锋岗与责任区',
        section: 'FOUNDATION',
        kind: 'PAGE',
        cadence: 'QUARTERLY',
        description: '党员先锋岗、党员责任区的设置与成效',
      },
      {
        key: 'board',
        title: '方针管理板',
        section: 'PRIORITIES',
        kind: 'BOARD',
        cadence: 'MONTHLY',
        description: '支部的必达目标与挑战目标、逐期数据、诊断与改进',
      },
      { key: 'plan', title: '年度工作计划', section: 'PRIORITIES', kind: 'PAGE', cadence: 'YEARLY', description: '支部本年度工作计划' },
      {
        key: 'meetings',
        title: '三会一课',
        section: 'PRIORITIES',
        kind: 'RECORDS',
        recordType: 'meeting',
        cadence: 'MONTHLY',
        description: '支部党员大会、支委会、党小组会和党课的记录',
      },
      {
        key: 'theme-day',
        title: '主题党日',
        section: 'PRIORITIES',
        kind: 'RECORDS',
        recordType: 'theme_day',
        cadence: 'MONTHLY',
        description: '每月主题党日活动记录',
      },
      {
        key: 'org-life',
        title: '组织生活会与民主评议',
        section: 'PRIORITIES',
        kind: 'RECORDS',
        recordType: 'org_life',
        cadence: 'YEARLY',
        description: '组织生活会、民主评议党员的记录',
      },
      {
        key: 'excellence',
        title: '创先争优',
        section: 'PRIORITIES',
        kind: 'PAGE',
        cadence: 'QUARTERLY',
        description: '创先争优活动的安排与进展',
      },
      {
        key: 'ideology',
        title: '思想政治工作',
        section: 'PRIORITIES',
        kind: 'RECORDS',
        recordType: 'talk',
        cadence: 'QUARTERLY',
        description: '谈心谈话等思想政治工作记录',
      },
      { key: 'integrity', title: '党风廉政', section: 'PRIORITIES', kind: 'PAGE', cadence: 'QUARTERLY', description: '支部党风廉政建设' },
      {
        key: 'mass',
        title: '群团工作',
        section: 'PRIORITIES',
        kind: 'PAGE',
        cadence: 'QUARTERLY',
        description: '支部所在单位的工会、团、妇女工作',
      },
      {
        key: 'assessment',
        title: '诊断与考核',
        section: 'REVIEW',
        kind: 'LINKED',
        linkedFeature: 'assessment',
        cadence: 'QUARTERLY',
        description: '本支部的季度诊断与考核结果',
      },
      {
        key: 'rectification',
        title: '问题整改',
        section: 'REVIEW',
        kind: 'LINKED',
        linkedFeature: 'findings',
        cadence: 'ON_EVENT',
        description: '检查发现的问题与改进措施（PDCA）',
      },
      {
        key: 'summary',
        title: '工作总结',
        section: 'REVIEW',
        kind: 'RECORDS',
        recordType: 'summary',
        cadence: 'QUARTERLY',
        description: '季度、半年和年度工作总结',
      },
      {
        key: 'news',
        title: '支部动态',
        section: 'REVIEW',
        kind: 'RECORDS',
        recordType: 'news',
        cadence: 'MONTHLY',
        description: '支部工作新闻',
      },
      {
        key: 'honours',
        title: '荣誉表彰',
        section: 'REVIEW',
        kind: 'RECORDS',
        recordType: 'honour',
        cadence: 'YEARLY',
        description: '支部及党员获得的荣誉',
      },
      {
        key: 'featured',
        title: '特色工作与经验交流',
        section: 'REVIEW',
        kind: 'RECORDS',
        recordType: 'featured',
        cadence: 'QUARTERLY',
        description: '支部特色工作与可供交流的经验',
      },
    ],
  },
];

export const SECTION_LABELS: Record<Section, string> = { FOUNDATION: '管理基础', PRIORITIES: '管理重点', REVIEW: '管理回顾' };
export const CADENCE_LABELS: Record<Cadence, string> = { MONTHLY: '每月', QUARTERLY: '每季度', YEARLY: '每年', ON_EVENT: '随时' };
export const KIND_LABELS: Record<ModuleKind, string> = {
  PAGE: '页面',
  RECORDS: '记录',
  BOARD: '方针管理板',
  ROSTER: '名册',
  LINKED: '关联功能',
};
export const RECORD_TYPE_LABELS: Record<string, string> = {
  meeting: '三会一课',
  theme_day: '主题党日',
  org_life: '组织生活会与民主评议',
  dues: '党费收缴',
  study: '中心组学习',
  talk: '谈心谈话',
  honour: '荣誉表彰',
  news: '动态',
  summary: '工作总结',
  chronicle: '大事记',
  featured: '特色工作',
};
