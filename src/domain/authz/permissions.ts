import type { Role } from '../../generated/prisma/enums.js';

/**
 * The permission catalogue, grouped by area (Redmine's `Redmine::AccessControl`). Every route declares one
 * of these and views ask the same `can()`, so a button the user may not press is not shown.
 *
 * - `roles: 'any'` means any logged-in person.
 * - Unit roles (MEMBER, INFO_OFFICER, ORG_MEMBER, SECRETARY) count only in the unit checked, or in the
 *   branch a party group belongs to. OFFICE and ADMIN are company-wide.
 * - `write` permissions are refused on an archived unit whatever the role (the unit gates before the role).
 * - `officeOnCommittee`: the office acts as the committee's own secretary and officers.
 */
export interface Permission {
  area: string;
  label: string;
  roles: 'any' | readonly Role[];
  write?: boolean;
  officeOnCommittee?: boolean;
}

const UNIT_EDITORS = ['INFO_OFFICER', 'ORG_MEMBER', 'SECRETARY'] as const;
/** Who may see a member's dues, recruitment and grades besides the person: not the information officer, not staff. */
const PERSONAL_DATA = ['ORG_MEMBER', 'SECRETARY', 'OFFICE'] as const;

export const PERMISSIONS = {
  // site: reading every unit's published site is open to every logged-in employee (党务公开)
  'home.view': { area: 'site', label: '首页', roles: 'any' },
  'units.list': { area: 'site', label: '单位目录', roles: 'any' },
  'unit.view': { area: 'site', label: '查看单位网站', roles: 'any' },
  'search.view': { area: 'site', label: '搜索', roles: 'any' },
  'me.view': { area: 'account', label: '个人中心', roles: 'any' },
  'me.password': { area: 'account', label: '修改密码', roles: 'any' },

  // content of a unit's site
  'module.view': { area: 'content', label: '查看模块', roles: 'any' },
  'module.edit': { area: 'content', label: '编辑模块草稿', roles: UNIT_EDITORS, write: true, officeOnCommittee: true },
  'module.publish': { area: 'content', label: '审核发布', roles: ['SECRETARY'], write: true, officeOnCommittee: true },
  'module.takedown': { area: 'content', label: '撤下已发布内容', roles: ['OFFICE'] },
  'roster.view': { area: 'content', label: '查看党员名册', roles: [...UNIT_EDITORS, 'OFFICE'], officeOnCommittee: true },
  'attachment.read': { area: 'content', label: '下载附件（按所属内容判断）', roles: 'any' },

  // the policy-management board (方针管理板)
  'board.view': { area: 'board', label: '查看方针管理板', roles: 'any' },
  'board.edit': { area: 'board', label: '制定和修改目标', roles: ['SECRETARY'], write: true, officeOnCommittee: true },
  'board.measure': { area: 'board', label: '填报目标数据', roles: UNIT_EDITORS, write: true, officeOnCommittee: true },
  'board.report': {
    area: 'board',
    label: '填报或更正数据（入口）',
    roles: [...UNIT_EDITORS, 'OFFICE'],
    write: true,
    officeOnCommittee: true,
  },
  'board.correct': { area: 'board', label: '更正已关账数据', roles: ['OFFICE'] },
  'board.diagnose': { area: 'board', label: '填写自我诊断', roles: ['SECRETARY'], write: true, officeOnCommittee: true },
  'board.evaluate': { area: 'board', label: '党委办公室评价', roles: ['OFFICE'] },

  // organisational life (issue 18): what a branch owes is public (党务公开); who attended is personal data
  'orglife.view': { area: 'orglife', label: '查看组织生活完成情况', roles: 'any' },
  'orglife.manage': { area: 'orglife', label: '设定组织生活要求、认可未开说明', roles: ['OFFICE'], write: true },
  'attendance.view': { area: 'orglife', label: '查看个人出勤', roles: [...UNIT_EDITORS, 'OFFICE'], officeOnCommittee: true },

  // the office's supervision (网上检查考核)
  'review.view': { area: 'supervision', label: '每日巡检', roles: ['OFFICE', 'ADMIN'] },
  'inspection.view': { area: 'supervision', label: '查看检查记录', roles: ['OFFICE', 'ADMIN'] },
  'inspection.manage': { area: 'supervision', label: '开展网上检查', roles: ['OFFICE', 'ADMIN'], write: true },
  'pdca.view': { area: 'supervision', label: '查看问题整改', roles: 'any' },
  'pdca.advance': { area: 'supervision', label: '答复和推进整改', roles: ['SECRETARY'], write: true, officeOnCommittee: true },
  'pdca.close': { area: 'supervision', label: '核实关闭整改', roles: ['OFFICE'] },
  'unit.changes': { area: 'supervision', label: '单位更新动态', roles: 'any' },
  // assessment: everyone reads published results; the office keeps the scheme and scores the quarters
  'assessment.view': { area: 'supervision', label: '查看考核结果', roles: 'any' },
  'assessment.manage': { area: 'supervision', label: '考核方案与季度评分', roles: ['OFFICE', 'ADMIN'] },

  // notices and documents (文件通知): the office issues for the committee, a branch secretary for the branch;
  // who may read one is decided by its audience, inside the query (notices.queries.ts)
  'notice.view': { area: 'notices', label: '阅读文件通知', roles: 'any' },
  'notice.acknowledge': { area: 'notices', label: '确认已阅', roles: 'any' },
  'notice.issue': { area: 'notices', label: '起草、发布、撤回通知和提醒未读', roles: ['SECRETARY'], write: true, officeOnCommittee: true },
  'notice.receipts': { area: 'notices', label: '查看和导出签收情况', roles: ['SECRETARY', 'OFFICE'] },
  // voices (党员心声, 意见箱) and consultations (征求意见)
  'voice.write': { area: 'voices', label: '写心声、查看自己的心声', roles: 'any' },
  'voice.public': { area: 'voices', label: '查看公开的心声', roles: 'any' },
  'voice.read': { area: 'voices', label: '查看一条心声（写信人、收信单位或已公开）', roles: 'any' },
  'voice.inbox': { area: 'voices', label: '查看单位意见箱', roles: ['SECRETARY', 'OFFICE'], officeOnCommittee: true },
  'voice.answer': { area: 'voices', label: '答复心声、公开答复', roles: ['SECRETARY'], write: true, officeOnCommittee: true },
  'voice.stats': { area: 'voices', label: '心声答复时效统计', roles: ['OFFICE'] },
  'consultation.view': { area: 'voices', label: '查看征求意见', roles: 'any' },
  'consultation.opine': { area: 'voices', label: '提出意见（须在征求范围内）', roles: 'any' },
  'consultation.manage': { area: 'voices', label: '发起征求意见、发布汇总', roles: ['SECRETARY'], write: true, officeOnCommittee: true },

  // quarterly statistics (每季度公布): everyone reads what the office published; the office computes, rates, publishes
  'stats.view': { area: 'stats', label: '查看季度统计', roles: 'any' },
  'stats.manage': { area: 'stats', label: '计算、评定和发布季度统计（含未发布的草稿）', roles: ['OFFICE', 'ADMIN'] },
  // knowledge (党建知识: articles the office maintains) and exchange (经验交流: branches' featured work)
  'knowledge.view': { area: 'knowledge', label: '阅读党建知识', roles: 'any' },
  'knowledge.edit': { area: 'knowledge', label: '编写和修订党建知识', roles: ['OFFICE', 'ADMIN'] },
  'exchange.view': { area: 'exchange', label: '查看经验交流', roles: 'any' },
  'exchange.comment': { area: 'exchange', label: '评论、标记“有用”、删除自己的评论', roles: 'any', write: true },
  'exchange.moderate': { area: 'exchange', label: '隐藏不当评论', roles: ['OFFICE'] },

  // members' party affairs (issue 19): personal data for the person, the unit's secretary and 组织委员, and the office
  'dues.view': { area: 'members', label: '查看党费收缴表', roles: PERSONAL_DATA, officeOnCommittee: true },
  'dues.edit': { area: 'members', label: '登记党费、申报基数', roles: PERSONAL_DATA, write: true, officeOnCommittee: true },
  'dues.rates': { area: 'members', label: '修改党费标准', roles: ['OFFICE'] },
  'me.dues': { area: 'members', label: '我的党费', roles: 'any' },
  'recruitment.view': { area: 'members', label: '查看发展党员进程', roles: PERSONAL_DATA, officeOnCommittee: true },
  'recruitment.record': { area: 'members', label: '记录发展党员步骤', roles: PERSONAL_DATA, write: true, officeOnCommittee: true },
  'recruitment.exception': { area: 'members', label: '按例外记录发展步骤', roles: ['OFFICE'] },
  'appraisal.view': { area: 'members', label: '参加民主评议（本人）', roles: 'any' },
  'appraisal.vote': { area: 'members', label: '自评和投票', roles: 'any', write: true },
  'appraisal.results': { area: 'members', label: '查看民主评议全部结果', roles: PERSONAL_DATA, officeOnCommittee: true },
  'appraisal.manage': { area: 'members', label: '发起民主评议、确定评定等次', roles: ['SECRETARY'], write: true, officeOnCommittee: true },

  // administration
  'admin.view': { area: 'admin', label: '系统管理', roles: ['ADMIN'] },
  'admin.users': { area: 'admin', label: '账号与角色', roles: ['ADMIN'] },
  'admin.units': { area: 'admin', label: '组织机构', roles: ['ADMIN'] },
  'admin.catalogue': { area: 'admin', label: '模块目录', roles: ['ADMIN'] },
  'admin.audit': { area: 'admin', label: '审计日志', roles: ['ADMIN', 'OFFICE'] },
  'admin.import': { area: 'admin', label: '组织机构导入与导出', roles: ['ADMIN'] },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

/** Routes that need no login declare this instead of a permission. */
export const PUBLIC = 'public' as const;
