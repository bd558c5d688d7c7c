import type { Db } from '../db/client.js';
import { valueKindFor } from '../domain/boards/rules.js';
import { COMMITTEE, type Template } from './board-templates.js';
import { branchTemplates, FED_TITLE } from './branch-templates.js';
import { diagnose } from './board-diagnosis.js';
import { measure } from './board-measure.js';
import type { DemoOrganisation } from './organisation.js';
import { rng } from './random.js';

/** Every demo unit's board for the current year: targets, figures up to last period (some missed, late, missing), diagnoses, PDCA. */
export async function seedBoards(db: Db, org: DemoOrganisation, now = new Date()): Promise<void> {
  const r = rng(4);
  const year = now.getUTCFullYear();
  const office = org.accounts.office;
  const committeeTargets = await createTargets(db, org.committeeId, year, COMMITTEE, () => undefined);
  for (const b of org.branches) {
    const picks = branchTemplates(b.name, r.chance);
    const targets = await createTargets(db, b.id, year, picks, (t) => (t.serves ? committeeTargets[t.serves] : undefined));
    const measured = await measure(
      db,
      r,
      targets.map((id, i) => ({ id, t: picks[i] })),
      year,
      now,
      office,
      b.id,
      (t) => t.title === FED_TITLE, // seed/orglife.ts feeds it from the records
    );
    await diagnose(db, r, b.id, measured, now, office);
  }
  await measure(
    db,
    r,
    committeeTargets.map((id, i) => ({ id, t: COMMITTEE[i] })),
    year,
    now,
    office,
    org.committeeId,
  );
}
/** Who answers for a demo target (the board's and the export's 责任人). */
const OWNERS = ['书记', '组织委员', '宣传委员', '纪检委员'];

async function createTargets(db: Db, unitId: number, year: number, templates: Template[], parent: (t: Template) => number | undefined) {
  const rows = await db.target.createManyAndReturn({
    data: templates.map((t, i) => ({
      unitId,
      year,
      kind: t.kind,
      title: t.title,
      measure: t.measure,
      uom: t.uom,
      direction: t.direction,
      targetValue: t.target,
      stretchValue: t.stretch ?? null,
      period: t.period,
      valueKind: valueKindFor(t.uom),
      ownerName: OWNERS[i % OWNERS.length],
      parentId: parent(t) ?? null,
      sortOrder: i,
    })),
    select: { id: true },
  });
  return rows.map((x) => x.id);
}
