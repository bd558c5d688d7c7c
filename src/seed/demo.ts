import type { Db } from '../db/client.js';
import { seedBoards } from './boards.js';
import { seedAssessment } from './assessment.js';
import { seedContent } from './content.js';
import { seedInspections } from './inspections.js';
import { seedKnowledge } from './knowledge.js';
import { seedNotices } from './notices.js';
import { seedOrganisation, type DemoOrganisation } from './organisation.js';
import { seedStats } from './stats.js';
import { seedVoices } from './voices.js';
import { seedRecruitment } from './roster.js';
import { seedMembers } from './members.js';
import { seedFedTargets, seedOrgLife } from './orglife.js';

/** Fills an empty database with the demo organisation and its content; each feature adds a step. */
export async function seedDemo(db: Db): Promise<DemoOrganisation> {
  const org = await seedOrganisation(db);
  for (const step of DEMO_STEPS) await step(db, org);
  await db.setting.upsert({ where: { key: 'demo' }, create: { key: 'demo', value: 'true' }, update: { value: 'true' } });
  return org;
}

/** Demo content steps, run in order after the organisation exists (sites, boards, notices, …). */
export const DEMO_STEPS: ((db: Db, org: DemoOrganisation) => Promise<void>)[] = [
  seedContent,
  seedOrgLife,
  seedRecruitment,
  seedMembers,
  seedBoards,
  seedInspections,
  seedStats,
  seedAssessment,
  seedNotices,
  seedVoices,
  seedKnowledge,
  seedFedTargets,
];
