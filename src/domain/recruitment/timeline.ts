import dayjs from 'dayjs';
import type { PartyStatus } from '../../generated/prisma/enums.js';

/**
 * The way into the party as 《中国共产党发展党员工作细则》 sets it (../shared/notes/party-rules.md): each step, the step it
 * needs first, and the earliest date it may be recorded. Pure functions of a person's recorded steps and a day.
 */
export const STEP_KINDS = [
  'APPLICATION',
  'TALK',
  'ACTIVIST',
  'ASSESSMENT',
  'CANDIDATE',
  'TRAINING',
  'POLITICAL_REVIEW',
  'RESOLUTION',
  'APPROVAL',
  'EXTENSION',
  'FULL',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const STEP_LABELS: Record<StepKind, string> = {
  APPLICATION: '递交入党申请',
  TALK: '组织谈话',
  ACTIVIST: '确定为入党积极分子（支委会）',
  ASSESSMENT: '积极分子半年考察',
  CANDIDATE: '列为发展对象',
  TRAINING: '集中培训',
  POLITICAL_REVIEW: '政治审查',
  RESOLUTION: '支部大会讨论接收',
  APPROVAL: '党委审批（成为预备党员）',
  EXTENSION: '延长预备期',
  FULL: '预备党员转正',
};

/** The stage a step moves a person to. */
export const STAGE_OF: Partial<Record<StepKind, PartyStatus>> = {
  APPLICATION: 'APPLICANT',
  ACTIVIST: 'ACTIVIST',
  CANDIDATE: 'CANDIDATE',
  APPROVAL: 'PROBATIONARY',
  FULL: 'FULL',
};

export interface Step {
  kind: StepKind;
  /** YYYY-MM-DD */
  on: string;
  months?: number | null;
  days?: number | null;
  hours?: number | null;
  exceptionReason?: string | null;
}

const add = (day: string, n: number, unit: 'month' | 'year') => dayjs(day).add(n, unit).format('YYYY-MM-DD');
const last = (steps: readonly Step[], kind: StepKind) => steps.filter((s) => s.kind === kind).at(-1);
const maxDay = (...d: string[]) => d.reduce((a, b) => (a > b ? a : b));

/** The end of probation: one year from the 支部大会 resolution, plus an extension's months. */
export function probationEnds(steps: readonly Step[]): string | null {
  const r = last(steps, 'RESOLUTION');
  if (!r) return null;
  const ext = last(steps, 'EXTENSION');
  return add(add(r.on, 1, 'year'), ext?.months ?? 0, 'month');
}

export type StepCheck = { ok: true } | { ok: false; field: 'kind' | 'on' | 'days' | 'months'; message: string; from?: string };

/**
 * Whether `next` may be recorded after `steps`: the step it needs, and the earliest day the rules allow
 * (`from` when it is too early: only then can the office record it as an exception).
 */
export function checkStep(steps: readonly Step[], next: Step): StepCheck {
  const has = (k: StepKind) => last(steps, k);
  const need = (k: StepKind): StepCheck => ({ ok: false, field: 'kind', message: `须先记录“${STEP_LABELS[k]}”` });
  const notBefore = (from: string, why: string): StepCheck =>
    next.on < from ? { ok: false, field: 'on', from, message: `${why}，最早可于 ${from} 记录` } : { ok: true };
  if (has('FULL')) return { ok: false, field: 'kind', message: '已转为正式党员，发展程序已完成' };
  const app = has('APPLICATION');
  switch (next.kind) {
    case 'APPLICATION':
      return app ? { ok: false, field: 'kind', message: '已记录过入党申请' } : { ok: true };
    case 'TALK':
    case 'ACTIVIST':
      return app ? notBefore(app.on, '不能早于入党申请') : need('APPLICATION');
    case 'ASSESSMENT': {
      const a = has('ACTIVIST');
      if (!a) return need('ACTIVIST');
      return has('RESOLUTION')
        ? { ok: false, field: 'kind', message: '支部大会讨论接收后不再进行积极分子考察' }
        : notBefore(a.on, '不能早于确定为积极分子');
    }
    case 'CANDIDATE': {
      const a = has('ACTIVIST');
      if (!a) return need('ACTIVIST');
      if (has('CANDIDATE')) return { ok: false, field: 'kind', message: '已列为发展对象' };
      return notBefore(add(a.on, 1, 'year'), '确定为入党积极分子满一年后才能列为发展对象');
    }
    case 'TRAINING': {
      const c = has('CANDIDATE');
      if (!c) return need('CANDIDATE');
      if ((next.days ?? 0) < 3 && (next.hours ?? 0) < 24) return { ok: false, field: 'days', message: '集中培训不少于 3 天或 24 学时' };
      return notBefore(c.on, '不能早于列为发展对象');
    }
    case 'POLITICAL_REVIEW': {
      const c = has('CANDIDATE');
      return c ? notBefore(c.on, '不能早于列为发展对象') : need('CANDIDATE');
    }
    case 'RESOLUTION': {
      const c = has('CANDIDATE');
      if (!c) return need('CANDIDATE');
      const t = has('TRAINING');
      const r = has('POLITICAL_REVIEW');
      if (!t) return need('TRAINING');
      if (!r) return need('POLITICAL_REVIEW');
      if (has('RESOLUTION')) return { ok: false, field: 'kind', message: '已记录过支部大会决议' };
      return notBefore(maxDay(c.on, t.on, r.on), '须在列为发展对象、培训和政治审查之后');
    }
    case 'APPROVAL': {
      const r = has('RESOLUTION');
      if (!r) return need('RESOLUTION');
      return has('APPROVAL') ? { ok: false, field: 'kind', message: '已记录过党委审批' } : notBefore(r.on, '不能早于支部大会决议');
    }
    case 'EXTENSION': {
      const a = has('APPROVAL');
      if (!a) return need('APPROVAL');
      if (has('EXTENSION')) return { ok: false, field: 'kind', message: '预备期只能延长一次' };
      if (!next.months || next.months < 1 || next.months > 12) return { ok: false, field: 'months', message: '延长期限为 1 至 12 个月' };
      return notBefore(a.on, '不能早于党委审批');
    }
    case 'FULL': {
      if (!has('APPROVAL')) return need('APPROVAL');
      return notBefore(probationEnds(steps)!, '预备期满一年（含延长期）后才能转正');
    }
  }
}

export interface NextStep {
  kind: StepKind;
  label: string;
  /** The first day it may be recorded. */
  from: string | null;
  /** The last day it should be recorded by (a deadline of the rules). */
  due: string | null;
  overdue: boolean;
  /** Due within 30 days. */
  soon: boolean;
}

/** Where a person stands: their stage since when, and the steps that come next with their dates. */
export function pipelineState(steps: readonly Step[], today: string) {
  const staged = steps.filter((s) => STAGE_OF[s.kind]).at(-1);
  const next: NextStep[] = [];
  const push = (kind: StepKind, from: string | null, due: string | null) => {
    const soonDay = add(today, 1, 'month');
    next.push({ kind, label: STEP_LABELS[kind], from, due, overdue: !!due && due < today, soon: !!due && due >= today && due <= soonDay });
  };
  const has = (k: StepKind) => last(steps, k);
  const app = has('APPLICATION');
  if (app && !has('ACTIVIST')) {
    if (!has('TALK')) push('TALK', app.on, add(app.on, 1, 'month'));
    push('ACTIVIST', app.on, null);
  }
  const act = has('ACTIVIST');
  if (act && !has('RESOLUTION')) push('ASSESSMENT', act.on, add((has('ASSESSMENT') ?? act).on, 6, 'month'));
  if (act && !has('CANDIDATE')) push('CANDIDATE', add(act.on, 1, 'year'), null);
  const cand = has('CANDIDATE');
  if (cand && !has('RESOLUTION')) {
    if (!has('TRAINING')) push('TRAINING', cand.on, null);
    if (!has('POLITICAL_REVIEW')) push('POLITICAL_REVIEW', cand.on, null);
    if (has('TRAINING') && has('POLITICAL_REVIEW'))
      push('RESOLUTION', maxDay(cand.on, has('TRAINING')!.on, has('POLITICAL_REVIEW')!.on), null);
  }
  const res = has('RESOLUTION');
  if (res && !has('APPROVAL')) push('APPROVAL', res.on, add(res.on, 3, 'month'));
  if (has('APPROVAL') && !has('FULL')) {
    const end = probationEnds(steps)!;
    push('FULL', end, end);
  }
  return { stage: staged ? STAGE_OF[staged.kind]! : null, since: staged?.on ?? null, next, probationEnds: probationEnds(steps) };
}

/** The steps that need someone's action now: overdue, or due within 30 days. */
export const pressing = (next: readonly NextStep[]) => next.filter((n) => n.overdue || n.soon);
