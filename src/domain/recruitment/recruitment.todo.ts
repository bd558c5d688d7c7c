import { unitsWithRole } from '../authz/can.js';
import type { SignalSource } from '../review/signals.js';
import type { TodoSource } from '../sites/todo-parts.js';
import { pipelineOf } from './recruitment.queries.js';
import { pressing } from './timeline.js';

/** Recruitment steps overdue or due within 30 days, for the secretaries and 组织委员 of the units concerned. */
export const recruitmentSteps: TodoSource = async (db, user, limit) => {
  const units = unitsWithRole(user, ['SECRETARY', 'ORG_MEMBER']);
  if (!units.length) return null;
  const people = await pipelineOf(db, units);
  const lines = people
    .flatMap((p) => pressing(p.next).map((n) => ({ p, n })))
    .sort((a, b) => (a.n.due ?? '').localeCompare(b.n.due ?? ''))
    .slice(0, limit)
    .map(({ p, n }) => ({
      text: `${p.displayName}：${n.label}`,
      href: `/units/${p.unitCode}/recruitment`,
      from: p.unitName,
      at: n.due ? new Date(`${n.due}T00:00:00`) : null,
      note: n.overdue ? '已逾期' : '30 天内到期',
    }));
  return {
    id: 'recruitment',
    title: '发展党员待办',
    hint: '谈话、半年考察、党委审批、转正等到期或逾期的发展步骤。',
    fromLabel: '支部',
    atLabel: '应完成日期',
    lines,
  };
};

/** The morning review's count of overdue recruitment steps per branch. One query for all branches. */
export const recruitmentSignals: SignalSource = async (db, q) => {
  const people = await pipelineOf(db, q.branchIds, q.now.toISOString().slice(0, 10));
  const out = new Map<number, { overdueRecruitment: number }>();
  for (const p of people) {
    const n = p.next.filter((s) => s.overdue).length;
    if (n) out.set(p.unitId, { overdueRecruitment: (out.get(p.unitId)?.overdueRecruitment ?? 0) + n });
  }
  return out;
};
