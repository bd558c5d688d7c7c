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

export const PERMISSIONS = {
  // site: reading every unit's published site is open to every logged-in employee (党务公开)
  'home.view': { area: 'site', label: '首页', roles: 'any' },
  'units.list': { area: 'site', label: '单位目录', roles: 'any' },
  'unit.view': { area: 'site', label: '查看单位网站', roles: 'any' },
  'me.view': { area: 'account', label: '个人中心', roles: 'any' },
  'me.password': { area: 'account', label: '修改密码', roles: 'any' },

  // content of a unit's site
  'module.view': { area: 'content', label: '查看模块', roles: 'any' },
  'module.edit': { area: 'content', label: '编辑模块草稿', roles: UNIT_EDITORS, write: true, officeOnCommittee: true },
  'module.publish': { area: 'content', label: '审核发布', roles: ['SECRETARY'], write: true, officeOnCommittee: true },
  'module.takedown': { area: 'content', label: '撤下已发布内容', roles: ['OFFICE'] },
  'roster.view': { area: 'content', label: '查看党员名册', roles: [...UNIT_EDITORS, 'OFFICE'], officeOnCommittee: true },
  'attachment.read': { area: 'content', label: '下载附件（按所属内容判断）', roles: 'any' },
  'roster.edit': { area: 'content', label: '维护党员名册', roles: ['ORG_MEMBER', 'SECRETARY', 'OFFICE'], write: true },

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

  // administration
  'admin.view': { area: 'admin', label: '系统管理', roles: ['ADMIN'] },
  'admin.users': { area: 'admin', label: '账号与角色', roles: ['ADMIN'] },
  'admin.units': { area: 'admin', label: '组织机构', roles: ['ADMIN'] },
  'admin.catalogue': { area: 'admin', label: '模块目录', roles: ['ADMIN'] },
  'admin.audit': { area: 'admin', label: '审计日志', roles: ['ADMIN', 'OFFICE'] },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

/** Routes that need no login declare this instead of a permission. */
export const PUBLIC = 'public' as const;
