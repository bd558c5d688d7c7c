import type { Db } from '../../db/client.js';

/** The template a unit's site follows, chosen by the unit's kind (party groups have none). */
export function templateKeyFor(kind: string): 'committee' | 'branch' | null {
  if (kind === 'COMMITTEE') return 'committee';
  if (kind === 'BRANCH' || kind === 'GENERAL_BRANCH') return 'branch';
  return null;
}

/** A module of the unit's template by key (retired ones included: their history stays readable). */
export function findModule(db: Db, unitKind: string, key: string) {
  const templateKey = templateKeyFor(unitKind);
  if (!templateKey) return Promise.resolve(null);
  return db.moduleDef.findFirst({
    where: { key, template: { key: templateKey } },
    select: {
      id: true,
      key: true,
      title: true,
      section: true,
      kind: true,
      recordType: true,
      linkedFeature: true,
      cadence: true,
      description: true,
      retiredAt: true,
    },
  });
}

export type ModuleRow = NonNullable<Awaited<ReturnType<typeof findModule>>>;
