import type { Db } from '../db/client.js';
import { findScheme } from '../domain/assessment/assessment.queries.js';
import { computeRound } from '../domain/assessment/compute.service.js';
import { publishRound, saveHandScores } from '../domain/assessment/round.service.js';
import { addCriterion, createScheme, type CriterionInput } from '../domain/assessment/scheme.service.js';
import type { DemoOrganisation } from './organisation.js';
import { rng } from './random.js';

const CRITERIA: CriterionInput[] = [
  { title: '按时报数', method: 'ON_TIME_REPORTING', weight: 15, maxScore: 15 },
  { title: '目标达成', method: 'TARGETS_MET', weight: 25, maxScore: 25 },
  { title: '整改按期关闭', method: 'PDCA_ON_TIME', weight: 15, maxScore: 15 },
  { title: '检查问题按期整改', method: 'FINDINGS_ON_TIME', weight: 10, maxScore: 10 },
  { title: '模块及时更新', method: 'MODULES_CURRENT', weight: 15, maxScore: 15 },
  { title: '信息报送', method: 'INFO_UPDATES', weight: 10, maxScore: 10, norm: 12 },
  { title: '党建工作实绩（人工评分）', method: 'MANUAL', weight: 10, maxScore: 10 },
];

const COMMENTS: [number, string][] = [
  [10, '“三会一课”按时规范开展，主题党日与安全生产紧密结合，党员先锋岗作用发挥明显'],
  [9.5, '组织生活规范，谈心谈话覆盖全体党员，党建与生产经营融合成效较好'],
  [9, '支部工作扎实，党小组活动正常；学习园地更新稍慢，需加强'],
  [8.5, '党员大会、支委会记录完整；创先争优活动特色不够突出'],
  [8, '组织生活基本规范，党课质量有待提高，发展党员工作进度偏慢'],
  [7, '一季度党小组会开展不足两次，整改意见已当面反馈支部书记'],
];

/**
 * The current year's scheme (seven criteria, one scored by hand), its first quarter computed from whatever the
 * earlier demo steps left (boards, countermeasures, published content), hand scores with comments, published.
 */
export async function seedAssessment(db: Db, org: DemoOrganisation): Promise<void> {
  const r = rng(4004);
  const year = new Date().getFullYear();
  const actorId = org.accounts.office;
  const { scheme } = await createScheme(db, {
    year,
    note: '依据《党支部工作考核办法》，按季度考核，年度汇总。',
    copyPrevious: false,
    actorId,
  });
  for (const input of CRITERIA) await addCriterion(db, { schemeId: scheme.id, input, actorId });
  const full = (await findScheme(db, year))!;
  await computeRound(db, { scheme: full, quarter: 1, actorId });
  const manual = full.criteria.find((c) => c.method === 'MANUAL')!;
  const cells = org.branches.map((b) => {
    const [score, comment] = r.pick(COMMENTS);
    return { unitId: b.id, criterionId: manual.id, score, comment };
  });
  await saveHandScores(db, { scheme: full, quarter: 1, cells, actorId });
  await publishRound(db, { scheme: full, quarter: 1, actorId });
  // as if published in mid-April, once the quarter's figures were in (unless the demo starts earlier than that)
  const april = new Date(Date.UTC(year, 3, 15));
  if (april < new Date()) await db.assessmentRound.updateMany({ where: { schemeId: scheme.id, quarter: 1 }, data: { publishedAt: april } });
}
