import dayjs from 'dayjs';
import type { Db } from '../db/client.js';
import { DEFAULT_GRADES } from '../domain/appraisal/appraisal.queries.js';
import { computeDue } from '../domain/dues/rules.js';
import { monthsUpTo, thisMonth } from '../domain/dues/months.js';
import { rateTable } from '../domain/dues/dues.queries.js';
import type { DemoOrganisation } from './organisation.js';
import { rng } from './random.js';

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const ago = (n: number) => dayjs().subtract(n, 'day').format('YYYY-MM-DD');
const plus = (s: string, n: number, unit: 'day' | 'month') => dayjs(s).add(n, unit).format('YYYY-MM-DD');

/**
 * Members' party affairs in every demo branch (issue 19): a dues base per member and a year of monthly sheets (a few
 * members late in recent months), recruitment steps on the timeline with a few due or overdue, last year's appraisal.
 */
export async function seedMembers(db: Db, org: DemoOrganisation): Promise<void> {
  await seedDues(db, org);
  await seedTimeline(db, org);
  await seedAppraisal(db, org);
}

const members = (org: DemoOrganisation, unitId: number) =>
  org.people.filter((p) => p.unitId === unitId && (p.partyStatus === 'FULL' || p.partyStatus === 'PROBATIONARY'));

async function seedDues(db: Db, org: DemoOrganisation) {
  const r = rng(19);
  const rates = await rateTable(db);
  const months = monthsUpTo(thisMonth(), 13).slice(0, 12); // the twelve months before this one
  const bases = [];
  const payments = [];
  for (const b of org.branches) {
    const recorder = org.accounts.org01 && b.code === 'b01' ? org.accounts.org01 : org.accounts.office;
    for (const [i, p] of members(org, b.id).entries()) {
      const category = r.chance(0.06) ? 'RETIRED' : r.chance(0.03) ? 'LOW_INCOME' : 'ON_JOB';
      const baseFen =
        category === 'LOW_INCOME' ? null : r.int(category === 'RETIRED' ? 2800 : 2600, category === 'RETIRED' ? 6500 : 14000) * 100;
      const base = { category, baseFen, fixedFen: null } as const;
      bases.push({ personId: p.id, ...base, validFrom: day(`${months[0]}-01`), note: '年度申报', recordedById: recorder });
      const due = computeDue(base, rates)!;
      for (const [m, month] of months.entries()) {
        // the last two months: a few members have not paid yet
        const late = m >= months.length - 2 && (i + m) % 9 === 0;
        payments.push({
          unitId: b.id,
          personId: p.id,
          month: day(`${month}-01`),
          dueFen: due.dueFen,
          rule: due.rule,
          paidFen: late ? null : due.dueFen,
          paidOn: late ? null : day(`${month}-${String(r.int(5, 15)).padStart(2, '0')}`),
          note: '',
          recordedById: recorder,
        });
      }
    }
  }
  await db.duesBase.createMany({ data: bases });
  await db.duesPayment.createMany({ data: payments });
}

async function seedTimeline(db: Db, org: DemoOrganisation) {
  const steps = await db.recruitmentStep.findMany({
    select: { personId: true, unitId: true, stage: true, reachedOn: true, recordedById: true },
  });
  const at = (personId: number, stage: string) => steps.find((s) => s.personId === personId && s.stage === stage);
  const events: {
    personId: number;
    unitId: number;
    kind: string;
    on: Date;
    document?: string;
    days?: number;
    hours?: number;
    recordedById: number;
  }[] = [];
  const push = (s: { personId: number; unitId: number; recordedById: number }, kind: string, on: string, extra = {}) => {
    if (on <= ago(0)) events.push({ personId: s.personId, unitId: s.unitId, kind, on: day(on), recordedById: s.recordedById, ...extra });
  };
  for (const b of org.branches) {
    const inBranch = org.people.filter((p) => p.unitId === b.id);
    const applicants = inBranch.filter((p) => p.partyStatus === 'APPLICANT');
    for (const [i, p] of applicants.entries()) {
      const s = at(p.id, 'APPLICANT');
      // the first applicant of every third branch is still waiting for the talk: overdue
      if (s && !(i === 0 && Number(b.code.slice(1)) % 3 === 1)) push(s, 'TALK', plus(s.reachedOn.toISOString().slice(0, 10), 12, 'day'));
    }
    for (const [i, p] of inBranch.filter((x) => x.partyStatus === 'ACTIVIST').entries()) {
      const s = at(p.id, 'ACTIVIST');
      if (!s) continue;
      const since = s.reachedOn.toISOString().slice(0, 10);
      // half-year assessments so far; in some branches the latest one is missing
      for (let k = 1; plus(since, 6 * k, 'month') <= ago(0); k++)
        if (!(i === 0 && b.code === 'b02' && plus(since, 6 * (k + 1), 'month') > ago(0)))
          push(s, 'ASSESSMENT', plus(since, 6 * k, 'month'), { document: '考察意见' });
    }
    for (const p of inBranch.filter((x) => x.partyStatus === 'CANDIDATE')) {
      const s = at(p.id, 'CANDIDATE');
      if (!s) continue;
      const since = s.reachedOn.toISOString().slice(0, 10);
      push(s, 'TRAINING', plus(since, 20, 'day'), { days: 3, hours: 24, document: '党委党校发展对象培训班结业证书' });
      push(s, 'POLITICAL_REVIEW', plus(since, 30, 'day'), { document: '政审材料' });
    }
  }
  // b01: a probationary member whose 转正 is due within the month, and a resolution waiting for the committee's approval
  const b01 = org.branches.find((b) => b.code === 'b01')!;
  const probationary = org.people.find((p) => p.unitId === b01.id && p.partyStatus === 'PROBATIONARY');
  const s = probationary && at(probationary.id, 'PROBATIONARY');
  if (s) {
    push(s, 'RESOLUTION', ago(345), { document: '支部大会决议' });
    push(s, 'APPROVAL', ago(320), { document: '党委批复' });
  }
  const candidate = org.people.find((p) => p.unitId === b01.id && p.partyStatus === 'CANDIDATE');
  const c = candidate && at(candidate.id, 'CANDIDATE');
  if (c) push(c, 'RESOLUTION', plus(c.reachedOn.toISOString().slice(0, 10), 35, 'day'), { document: '支部大会决议' });
  await db.recruitmentEvent.createMany({ data: events });
}

const SELF = [
  '认真学习党的创新理论，按时参加组织生活，岗位任务完成较好；不足是理论联系实际还不够。',
  '本年度坚持学习，积极参加主题党日和志愿服务，在质量攻关中发挥了党员作用。',
  '能够履行党员义务，按时交纳党费；今后要在带动身边群众方面下更大功夫。',
];

async function seedAppraisal(db: Db, org: DemoOrganisation) {
  const r = rng(2019);
  const year = new Date().getFullYear() - 1;
  for (const b of org.branches) {
    const people = members(org, b.id);
    if (people.length < 2) continue;
    const round = await db.appraisalRound.create({
      data: {
        unitId: b.id,
        year,
        grades: DEFAULT_GRADES,
        opensAt: new Date(`${year}-12-10T00:30:00Z`),
        closesAt: new Date(`${year}-12-20T09:00:00Z`),
        openedById: org.accounts.office,
      },
    });
    const voters = people.filter(() => r.chance(0.92));
    const ballots = voters.map((v) =>
      Object.fromEntries(
        people.filter((p) => p.id !== v.id).map((p) => [p.id, r.chance(0.3) ? '优秀' : r.chance(0.95) ? '合格' : '基本合格']),
      ),
    );
    const counts = new Map<number, Record<string, number>>();
    for (const bal of ballots)
      for (const [id, g] of Object.entries(bal))
        counts.set(Number(id), { ...counts.get(Number(id)), [g]: (counts.get(Number(id))?.[g] ?? 0) + 1 });
    const finalOf = (id: number) => {
      const c = counts.get(id) ?? {};
      return (c['优秀'] ?? 0) * 2 > voters.length ? '优秀' : '合格';
    };
    await db.appraisalSubject.createMany({
      data: people.map((p, i) => ({
        roundId: round.id,
        personId: p.id,
        selfText: SELF[i % SELF.length],
        finalGrade: finalOf(p.id),
        finalComment: '',
      })),
    });
    await db.appraisalVoter.createMany({ data: voters.map((v) => ({ roundId: round.id, personId: v.id })) });
    // ballots in an order unrelated to the voters'
    const shuffled = ballots.map((g) => ({ g, k: r.next() })).sort((x, y) => x.k - y.k);
    await db.appraisalBallot.createMany({ data: shuffled.map(({ g }) => ({ roundId: round.id, grades: g })) });
  }
}
