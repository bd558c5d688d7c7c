import type { Db } from '../db/client.js';
import { lastEndedPeriod } from '../domain/boards/rules.js';
import type { rng } from './random.js';

const SELF = [
  '本月三会一课按期召开，党员参学率稳步提升；质量指标波动，已组织党员责任区专项检查。',
  '党费收缴及时足额；个别党员因出差未参加集中学习，已安排补学。',
  '目标总体受控；网站更新偏慢，已明确信息员每周五更新。',
];
const OFFICE = ['数据报送及时，分析到位。', '诊断较为笼统，请结合数据找原因。', '整改措施可操作，请按期验证效果。'];

/** The unit's self-diagnosis and the office's rating of its last three months. */
export async function diagnose(db: Db, r: ReturnType<typeof rng>, unitId: number, year: number, now: Date, office: number) {
  const months = lastEndedPeriod(year, 'MONTHLY', now);
  const data = [];
  for (let m = Math.max(1, months - 2); m <= months; m++) {
    const rated = m < months || r.chance(0.3);
    data.push({
      unitId,
      year,
      month: m,
      selfText: r.pick(SELF),
      selfAt: new Date(Date.UTC(year, m, 5)),
      officeRating: rated ? r.pick(['GOOD', 'FAIR', 'NEEDS_WORK'] as const) : null,
      officeText: rated ? r.pick(OFFICE) : '',
      officeById: rated ? office : null,
      officeAt: rated ? new Date(Date.UTC(year, m, 9)) : null,
    });
  }
  await db.diagnosis.createMany({ data });
}
