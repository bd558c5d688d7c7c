import { z } from 'zod';
import { isCalendarDate } from '../../lib/dates.js';
import { optionalText, page, queryText, required, rowId } from '../forms.js';

const ROLES = ['STAFF', 'MEMBER', 'INFO_OFFICER', 'ORG_MEMBER', 'SECRETARY', 'OFFICE', 'ADMIN'] as const;
const PARTY = ['MASSES', 'APPLICANT', 'ACTIVIST', 'CANDIDATE', 'PROBATIONARY', 'FULL'] as const;
const optionalId = z.preprocess((v) => (v === '' || v == null ? undefined : v), rowId('请选择').optional());

export const personSchema = z.object({
  displayName: required('姓名', 40),
  partyStatus: z.enum(PARTY, { error: '请选择政治面貌' }),
  homeUnitId: optionalId,
  title: optionalText(60),
  phone: optionalText(40),
});

export const newPersonSchema = personSchema.extend({
  username: z
    .string({ error: '请填写工号' })
    .trim()
    .regex(/^[A-Za-z0-9_.-]{2,32}$/, '工号只能包含字母、数字、下划线、点和连字符，2 至 32 位'),
  password: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(128, '密码不能超过 128 位').optional()),
});

export const grantSchema = z.object({ role: z.enum(ROLES, { error: '请选择角色' }), unitId: optionalId });
export const activeSchema = z.object({ active: z.enum(['true', 'false'], { error: '操作无效' }).transform((v) => v === 'true') });

export const peopleQuery = z.object({
  q: queryText(60),
  unit: rowId().optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  active: z.enum(['true', 'false']).optional().catch(undefined),
  page,
});

const UNIT_KINDS = ['COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'PARTY_GROUP'] as const;
export const unitSchema = z.object({
  name: required('单位名称', 60),
  kind: z.enum(UNIT_KINDS, { error: '请选择单位类型' }),
  parentId: optionalId,
  location: required('所在地区', 20),
  factory: required('所属工厂', 30),
});
export const newUnitSchema = unitSchema.extend({
  code: z
    .string({ error: '请填写单位编号' })
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '单位编号只能用小写字母、数字和连字符，2 至 40 位'),
});
export const archiveSchema = z.object({ archived: z.enum(['true', 'false'], { error: '操作无效' }).transform((v) => v === 'true') });

const dateParam = z.preprocess(
  (v) => (typeof v === 'string' && isCalendarDate(v) ? new Date(`${v}T00:00:00`) : undefined),
  z.date().optional(),
);
export const auditQuery = z.object({
  actor: queryText(40),
  action: queryText(60),
  entityType: queryText(60),
  unit: queryText(40),
  from: dateParam.catch(undefined),
  to: dateParam.catch(undefined),
  page,
});
