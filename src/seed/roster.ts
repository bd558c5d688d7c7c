import type { Db } from '../db/client.js';
import type { PartyStatus } from '../generated/prisma/enums.js';
import { RECRUITMENT_STAGES } from '../domain/roster/roster.service.js';
import type { DemoOrganisation } from './organisation.js';
import { rng } from './random.js';

const DAY = 86_400_000;

/** Days before today each stage was reached, by the stage the person is at now (earliest first). */
const HISTORY: Partial<Record<PartyStatus, [number, number][]>> = {
  APPLICANT: [[60, 150]],
  ACTIVIST: [
    [420, 540],
    [240, 330],
  ],
  CANDIDATE: [
    [900, 1100],
    [700, 800],
    [60, 150],
  ],
  PROBATIONARY: [
    [1300, 1500],
    [1100, 1200],
    [500, 600],
    [90, 300],
  ],
  FULL: [
    [1700, 1800],
    [1500, 1600],
    [800, 900],
    [400, 420],
    [35, 55],
  ],
};

const NOTES: Record<string, string> = {
  APPLICANT: '递交入党申请书，已谈话',
  ACTIVIST: '支委会研究确定',
  CANDIDATE: '支委会研究，报党委备案',
  PROBATIONARY: '支部大会通过，党委审批',
  FULL: '支部大会通过按期转正',
};

/**
 * Recruitment histories in every demo branch: each applicant, activist, development candidate and probationary
 * member with the dates of the stages so far, and one member per branch who became full this year.
 */
export async function seedRecruitment(db: Db, org: DemoOrganisation): Promise<void> {
  const r = rng(7);
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const recorders = await db.roleGrant.findMany({
    where: { role: 'ORG_MEMBER', unitId: { in: org.branches.map((b) => b.id) } },
    select: { unitId: true, personId: true },
  });
  const recorderOf = new Map(recorders.map((g) => [g.unitId!, g.personId]));
  const steps: { personId: number; unitId: number; stage: PartyStatus; reachedOn: Date; note: string; recordedById: number }[] = [];
  for (const b of org.branches) {
    const generated = org.people.filter((p) => p.unitId === b.id && /^\d+$/.test(p.username)).sort((x, y) => x.id - y.id);
    const recent = generated.filter((p) => p.partyStatus === 'FULL').at(-1);
    const chosen = [...generated.filter((p) => p.partyStatus !== 'FULL' && p.partyStatus !== 'MASSES'), ...(recent ? [recent] : [])];
    for (const p of chosen) {
      let previous = 0;
      HISTORY[p.partyStatus]!.forEach(([from, to], i) => {
        const daysAgo = Math.min(r.int(from, to), previous ? previous - 1 : Infinity);
        previous = daysAgo;
        const stage = RECRUITMENT_STAGES[i];
        steps.push({
          personId: p.id,
          unitId: b.id,
          stage,
          reachedOn: new Date(today - daysAgo * DAY),
          note: NOTES[stage],
          recordedById: recorderOf.get(b.id) ?? org.accounts.office,
        });
      });
    }
  }
  await db.recruitmentStep.createMany({ data: steps });
}
