import type { Db } from '../db/client.js';
import { loadSessionUser } from '../domain/auth/login.service.js';
import type { Rating } from '../domain/stats/quality.js';
import { lastEndedQuarter, previousQuarter } from '../domain/stats/quarters.js';
import { computeQuarter, publishQuarter, rateUnits } from '../domain/stats/stats.service.js';
import type { DemoOrganisation } from './organisation.js';

/** The office's rating and comment for a demo unit, from its score (the office may of course judge otherwise). */
const BY_SCORE: { min: number; rating: Rating; comments: string[] }[] = [
  {
    min: 90,
    rating: 'EXCELLENT',
    comments: ['信息更新及时、内容规范，各模块均按周期维护。', '三会一课记录完整规范，特色工作有亮点，可供各支部学习。'],
  },
  { min: 75, rating: 'GOOD', comments: ['各模块基本按期更新，个别模块更新偏慢。', '记录规范，请注意学习园地等按月更新的模块。'] },
  { min: 60, rating: 'FAIR', comments: ['部分模块超过更新周期，请对照更新周期补齐。', '有空白模块，请信息员尽快补充内容。'] },
  { min: 0, rating: 'POOR', comments: ['信息更新明显滞后，多个模块空白或逾期，请限期整改。'] },
];

/**
 * The two most recent complete quarters, computed from the seeded content through the real services, rated by
 * the office and published (the older first), so /stats and the assessment have published figures to show.
 */
export async function seedStats(db: Db, org: DemoOrganisation): Promise<void> {
  const office = await loadSessionUser(db, org.accounts.office);
  if (!office) return;
  const latest = lastEndedQuarter(new Date());
  for (const q of [previousQuarter(latest), latest]) {
    await computeQuarter(db, { ...q, actor: office });
    const rows = await db.statsUnitRow.findMany({
      where: { quarter: { year: q.year, quarter: q.quarter } },
      select: { unitId: true, qualityScore: true },
    });
    const ratings = rows.map((r, i) => {
      const band = BY_SCORE.find((b) => r.qualityScore >= b.min)!;
      return { unitId: r.unitId, rating: band.rating, comment: band.comments[(i + q.quarter) % band.comments.length] };
    });
    await rateUnits(db, { ...q, actor: office, ratings });
    await publishQuarter(db, { ...q, actor: office });
  }
}
