import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';

/**
 * Every record type, in one place (记录标准化): its fields, their Chinese labels and input kinds, which field
 * is the record's date, and how its title is made. Forms are rendered from these definitions and submissions
 * are validated by the zod schema built from them, so a field is declared exactly once.
 */
export type FieldKind = 'text' | 'textarea' | 'date' | 'month' | 'number' | 'money' | 'select';

export interface FieldDef {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: readonly string[];
  max?: number;
  hint?: string;
}

export interface RecordType {
  key: string;
  label: string;
  fields: FieldDef[];
  /** The field holding the date the record is about (orders the list, filters by year). */
  dateField: string;
  /** The record's title, from its fields. */
  title: (v: Record<string, unknown>) => string;
}

const MEETING_TYPES = ['支部党员大会', '支委会', '党小组会', '党课'] as const;

const f = {
  text: (name: string, label: string, required = false, max = 100): FieldDef => ({ name, label, kind: 'text', required, max }),
  area: (name: string, label: string, required = false, max = 5000): FieldDef => ({ name, label, kind: 'textarea', required, max }),
  date: (name: string, label: string): FieldDef => ({ name, label, kind: 'date', required: true }),
  num: (name: string, label: string, required = false): FieldDef => ({ name, label, kind: 'number', required }),
};

export const RECORD_TYPES: Record<string, RecordType> = {
  meeting: {
    key: 'meeting',
    label: '三会一课',
    dateField: 'date',
    fields: [
      { name: 'meetingType', label: '会议类型', kind: 'select', required: true, options: MEETING_TYPES },
      f.date('date', '日期'),
      f.text('time', '时间', false, 20),
      f.text('place', '地点', true),
      f.text('host', '主持人', true, 40),
      f.text('recorder', '记录人', true, 40),
      f.num('due', '应到人数', true),
      f.num('present', '实到人数', true),
      f.area('absent', '缺席人员及原因', false, 1000),
      f.area('topics', '议题', true, 2000),
      f.area('content', '会议内容及决议', true),
    ],
    title: (v) => `${v.meetingType}：${firstLine(v.topics)}`,
  },
  theme_day: {
    key: 'theme_day',
    label: '主题党日',
    dateField: 'date',
    fields: [
      f.date('date', '日期'),
      f.text('theme', '主题', true),
      f.text('place', '地点'),
      f.num('participants', '参加人数'),
      f.area('content', '活动内容', true),
      f.area('outcome', '活动成效'),
    ],
    title: (v) => `主题党日：${v.theme}`,
  },
  org_life: {
    key: 'org_life',
    label: '组织生活会与民主评议',
    dateField: 'date',
    fields: [
      f.date('date', '日期'),
      { name: 'kind', label: '类型', kind: 'select', required: true, options: ['组织生活会', '民主评议党员'] },
      f.text('theme', '主题', true),
      f.num('participants', '参加人数'),
      f.area('criticism', '批评与自我批评情况'),
      f.area('result', '评议结果及整改措施', true),
    ],
    title: (v) => `${v.kind}：${v.theme}`,
  },
  dues: {
    key: 'dues',
    label: '党费收缴',
    dateField: 'month',
    fields: [
      { name: 'month', label: '月份', kind: 'month', required: true },
      f.num('membersDue', '应交人数', true),
      f.num('membersPaid', '已交人数', true),
      { name: 'amount', label: '金额（元）', kind: 'money', required: true },
      f.area('note', '说明', false, 1000),
    ],
    title: (v) => `${String(v.month).replace('-', '年')}月党费收缴`,
  },
  study: {
    key: 'study',
    label: '中心组学习',
    dateField: 'date',
    fields: [
      f.date('date', '日期'),
      f.text('topic', '学习主题', true),
      f.text('host', '主持人', false, 40),
      f.text('speaker', '主讲人', false, 40),
      f.num('participants', '参加人数'),
      f.area('content', '学习内容与交流发言', true),
    ],
    title: (v) => `中心组学习：${v.topic}`,
  },
  talk: {
    key: 'talk',
    label: '谈心谈话',
    dateField: 'date',
    fields: [
      f.date('date', '日期'),
      f.text('talker', '谈话人', true, 40),
      f.text('counterpart', '谈话对象', true, 40),
      f.text('topic', '谈话主题', true),
      f.area('content', '谈话内容及后续措施', true),
    ],
    title: (v) => `谈心谈话：${v.topic}`,
  },
  honour: {
    key: 'honour',
    label: '荣誉表彰',
    dateField: 'date',
    fields: [
      f.date('date', '获得日期'),
      f.text('name', '荣誉名称', true),
      f.text('recipient', '获得者', true, 60),
      f.text('grantedBy', '授予单位', true, 60),
      f.area('description', '事迹简介'),
    ],
    title: (v) => `${v.recipient}获“${v.name}”`,
  },
  news: {
    key: 'news',
    label: '动态',
    dateField: 'date',
    fields: [f.date('date', '日期'), f.text('headline', '标题', true, 120), f.area('body', '正文', true, 20000)],
    title: (v) => String(v.headline),
  },
  summary: {
    key: 'summary',
    label: '工作总结',
    dateField: 'date',
    fields: [
      f.date('date', '日期'),
      f.text('period', '总结期间', true, 40),
      f.text('headline', '标题', true, 120),
      f.area('body', '正文', true, 20000),
    ],
    title: (v) => `${v.period}：${v.headline}`,
  },
  chronicle: {
    key: 'chronicle',
    label: '大事记',
    dateField: 'date',
    fields: [f.date('date', '日期'), f.text('event', '事件', true, 200), f.area('detail', '详情')],
    title: (v) => String(v.event),
  },
  featured: {
    key: 'featured',
    label: '特色工作',
    dateField: 'date',
    fields: [
      f.date('date', '日期'),
      f.text('headline', '标题', true, 120),
      f.area('practice', '主要做法', true, 20000),
      f.area('results', '取得成效'),
      f.area('experience', '经验与体会'),
    ],
    title: (v) => String(v.headline),
  },
};

function firstLine(v: unknown): string {
  return String(v ?? '')
    .split(/\r?\n/)[0]
    .slice(0, 60);
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoMonth = /^\d{4}-(0[1-9]|1[0-2])$/;

function fieldSchema(d: FieldDef): z.ZodType {
  const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
  const need = d.kind === 'select' ? `请选择${d.label}` : `请填写${d.label}`;
  let s: z.ZodType;
  switch (d.kind) {
    case 'date':
      s = z.string({ error: need }).regex(isoDate, `${d.label}格式应为 年-月-日`).refine(isCalendarDate, `${d.label}不是有效日期`);
      break;
    case 'month':
      s = z
        .string({ error: need })
        .regex(isoMonth, `${d.label}格式应为 年-月`)
        .refine((v) => isCalendarDate(`${v}-01`), `${d.label}不是有效月份`);
      break;
    case 'number':
      s = z.coerce
        .number({ error: `${d.label}须为数字` })
        .int(`${d.label}须为整数`)
        .min(0, `${d.label}不能为负数`)
        .max(100000, `${d.label}过大`);
      break;
    case 'money':
      s = z.coerce
        .number({ error: `${d.label}须为数字` })
        .min(0, `${d.label}不能为负数`)
        .max(10_000_000, `${d.label}过大`)
        .transform((n) => Math.round(n * 100) / 100);
      break;
    case 'select':
      s = z.enum(d.options as [string, ...string[]], { error: `请选择${d.label}` });
      break;
    default:
      s = z
        .string({ error: need })
        .trim()
        .max(d.max ?? 200, `${d.label}不能超过 ${d.max ?? 200} 个字`);
  }
  // A missing value must read "请填写…", not the number schema's "须为数字" (coercion turns it into NaN first).
  const given = z.any().refine((v) => v !== undefined, { error: need });
  return d.required
    ? z.preprocess((v) => (empty(v) ? undefined : typeof v === 'string' ? v.trim() : v), given.pipe(s))
    : z.preprocess((v) => (empty(v) ? undefined : v), s.optional());
}

/** The zod schema of a record type's fields, with cross-field rules. */
export function recordSchema(type: RecordType) {
  const shape = Object.fromEntries(type.fields.map((d) => [d.name, fieldSchema(d)]));
  return z.object(shape).superRefine((v: Record<string, unknown>, ctx) => {
    if (type.key === 'meeting' && typeof v.present === 'number' && typeof v.due === 'number' && v.present > v.due) {
      ctx.addIssue({ code: 'custom', path: ['present'], message: '实到人数不能多于应到人数' });
    }
    if (type.key === 'meeting' && typeof v.present === 'number' && typeof v.due === 'number' && v.present < v.due && !v.absent) {
      ctx.addIssue({ code: 'custom', path: ['absent'], message: '实到人数少于应到人数，请填写缺席人员及原因' });
    }
    if (type.key === 'dues' && typeof v.membersPaid === 'number' && typeof v.membersDue === 'number' && v.membersPaid > v.membersDue) {
      ctx.addIssue({ code: 'custom', path: ['membersPaid'], message: '已交人数不能多于应交人数' });
    }
  });
}

/** The date a record is about, from its date field (a month means its first day). */
export function recordDate(type: RecordType, values: Record<string, unknown>): Date {
  const v = String(values[type.dateField]);
  return new Date(`${isoMonth.test(v) ? `${v}-01` : v}T00:00:00Z`);
}

export function recordType(key: string | null | undefined): RecordType | undefined {
  return key ? RECORD_TYPES[key] : undefined;
}
