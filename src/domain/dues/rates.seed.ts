import type { Db } from '../../db/client.js';

/**
 * The rate table's defaults from the 2008 rules (中组发〔2008〕3号), made once when the table is empty (a boot step, so
 * that a restore into a migrated database finds it empty). "3000-5000" is above 3000 up to 5000 inclusive
 * (../shared/notes/party-rules.md); after this the office edits the table.
 */
export async function ensureDuesRates(db: Db): Promise<void> {
  if ((await db.duesRate.count()) > 0) return;
  const k = 100; // fen per yuan
  await db.duesRate.createMany({
    data: [
      { category: 'ON_JOB', aboveFen: null, upToFen: 3000 * k, basisPoints: 50, label: '在职：3000元以下（含3000元）0.5%', sortOrder: 1 },
      {
        category: 'ON_JOB',
        aboveFen: 3000 * k,
        upToFen: 5000 * k,
        basisPoints: 100,
        label: '在职：3000元以上至5000元（含）1%',
        sortOrder: 2,
      },
      {
        category: 'ON_JOB',
        aboveFen: 5000 * k,
        upToFen: 10000 * k,
        basisPoints: 150,
        label: '在职：5000元以上至10000元（含）1.5%',
        sortOrder: 3,
      },
      { category: 'ON_JOB', aboveFen: 10000 * k, upToFen: null, basisPoints: 200, label: '在职：10000元以上 2%', sortOrder: 4 },
      {
        category: 'RETIRED',
        aboveFen: null,
        upToFen: 5000 * k,
        basisPoints: 50,
        label: '离退休：5000元以下（含5000元）0.5%',
        sortOrder: 5,
      },
      { category: 'RETIRED', aboveFen: 5000 * k, upToFen: null, basisPoints: 100, label: '离退休：5000元以上 1%', sortOrder: 6 },
      { category: 'LOW_INCOME', fixedFen: 20, label: '学生、下岗失业、低保：每月0.2元', sortOrder: 7 },
      { category: 'BRANCH_FIXED', label: '支部核定的固定金额', sortOrder: 8 },
    ],
  });
}
