/** The demo organisation's accounts (DESIGN.md), shown on the login page only in demo mode. */
export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO_ACCOUNTS = [
  { username: 'admin', label: '网站管理员' },
  { username: 'office', label: '党务室' },
  { username: 'sec01', label: '机关党支部书记（b01）' },
  { username: 'info01', label: '机关党支部信息员（b01）' },
  { username: 'org01', label: '机关党支部组织委员（b01）' },
  { username: 'member01', label: '机关党支部党员（b01）' },
  { username: 'sec02', label: '机加车间党支部书记（b02）' },
  { username: 'staff01', label: '群众' },
] as const;
