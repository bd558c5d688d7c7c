import dayjs from 'dayjs';
import { isPartyMember } from './party-status.js';

/** Formatters the views use; dates are shown in the factory's local time. */
export const date = (d: Date | string | null | undefined) => (d ? (isDate(d) ? ymd(d) : dayjs(d).format('YYYY-MM-DD')) : '—');
export const dateTime = (d: Date | string | null | undefined) =>
  d ? (isDate(d) ? `${ymd(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}` : dayjs(d).format('YYYY-MM-DD HH:mm')) : '—';
export const number = (n: number | null | undefined, digits = 0) => (n == null || Number.isNaN(n) ? '—' : numberFormat(digits).format(n));

// A board or the review formats thousands of dates and numbers: a Date is formatted directly (strings go through
// dayjs, which reads a bare date as local time), and one Intl formatter is kept per number of decimals.
const isDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const numberFormats = new Map<number, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  let f = numberFormats.get(digits);
  if (!f) numberFormats.set(digits, (f = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits })));
  return f;
}

/**
 * What the avatar shows: a person's given name (the last two characters of 张建国, 欧阳明月), or the first two of a longer
 * name that is not a person's (系统管理员 → 系统, not 理员).
 */
export const initials = (name: string) => {
  const chars = [...name.trim()];
  return (chars.length >= 5 ? chars.slice(0, 2) : chars.slice(-2)).join('');
};

export const ROLE_LABELS: Record<string, string> = {
  STAFF: '群众',
  MEMBER: '党员',
  INFO_OFFICER: '信息员',
  ORG_MEMBER: '组织委员',
  SECRETARY: '支部书记',
  OFFICE: '党务室',
  ADMIN: '网站管理员',
};

/** The secretary's title in their unit: a party group is led by its 党小组组长, not a 支部书记. */
const SECRETARY_BY_KIND: Record<string, string> = { COMMITTEE: '党委书记', GENERAL_BRANCH: '党总支书记', PARTY_GROUP: '党小组组长' };

/** What grantLabel reads of a grant's unit: the select for it. */
export const GRANT_UNIT = { select: { code: true, name: true, kind: true } } as const;

/** What `impliedRoleLabel` reads of a person's home unit. */
export const HOME_UNIT = { select: { code: true, name: true, kind: true, parent: { select: { code: true, name: true } } } } as const;

/** A grant as people call it, with its unit: 支部书记（机关党支部）, 党小组组长（机关第一党小组）, 党务室（全公司）. */
export function grantLabel(g: { role: string; unit?: { name: string; kind: string } | null }, companyWide = ''): string {
  const title = (g.role === 'SECRETARY' && g.unit && SECRETARY_BY_KIND[g.unit.kind]) || ROLE_LABELS[g.role] || g.role;
  return title + (g.unit ? `（${g.unit.name}）` : companyWide);
}

export const PARTY_STATUS_LABELS: Record<string, string> = {
  MASSES: '群众',
  APPLICANT: '入党申请人',
  ACTIVIST: '入党积极分子',
  CANDIDATE: '发展对象',
  PROBATIONARY: '预备党员',
  FULL: '正式党员',
};

export const UNIT_KIND_LABELS: Record<string, string> = {
  COMMITTEE: '党委',
  GENERAL_BRANCH: '党总支',
  BRANCH: '党支部',
  PARTY_GROUP: '党小组',
};

/** Builds a query string from the current filters, overriding some (for paging links). */
export function query(params: Record<string, unknown>, override: Record<string, unknown> = {}): string {
  const merged = { ...params, ...override };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
}

const words = new Intl.Segmenter('zh', { granularity: 'word' });

/** A text cut to at most `max` characters at a word (or punctuation) boundary, with "…" when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const { segment } of words.segment(text)) {
    if (out.length + segment.length > max - 1) break;
    out += segment;
  }
  return `${(out || text.slice(0, max - 1)).replace(/[\s，。、；：,.;:（(「“]+$/u, '')}…`;
}

/** Who wrote what readers see and who approved it, worded the same on a site's tile and on the page itself. */
export function byline(author: string | null | undefined, approver: string | null | undefined): string {
  if (!approver || approver === author) return author ? `${author} 撰写并发布` : '';
  return `${author || '—'} 撰写 · ${approver} 审核`;
}

/**
 * What a 正式 or 预备党员's party status gives without a grant (they browse as members of their branch), for the
 * role lists; null when the status gives nothing or a 党员 grant says it already.
 */
export function impliedRoleLabel(p: {
  partyStatus: string;
  homeUnit: { name: string; kind: string; parent: { name: string } | null } | null;
  grants: { role: string }[];
}): string | null {
  if (!isPartyMember(p.partyStatus) || !p.homeUnit || p.grants.some((g) => g.role === 'MEMBER')) return null;
  const branch = p.homeUnit.kind === 'PARTY_GROUP' ? (p.homeUnit.parent?.name ?? p.homeUnit.name) : p.homeUnit.name;
  return `${ROLE_LABELS.MEMBER} · ${branch}（由政治面貌“${PARTY_STATUS_LABELS[p.partyStatus]}”自动获得）`;
}
