import type { Db } from '../../db/client.js';

const UNIT_SCOPE = {
  id: true,
  code: true,
  name: true,
  kind: true,
  parentId: true,
  location: true,
  factory: true,
  archivedAt: true,
} as const;

/** A unit by its code with what permission checks need, or null. */
export function findUnitByCode(db: Db, code: string) {
  return db.unit.findUnique({ where: { code }, select: { ...UNIT_SCOPE, parent: { select: { code: true, name: true } } } });
}

export type UnitRow = NonNullable<Awaited<ReturnType<typeof findUnitByCode>>>;

/**
 * Every unit except party groups, grouped by location then factory, with secretaries and member counts (a
 * branch counts the members of its party groups). Three queries whatever the size of the organisation.
 */
export async function unitDirectory(db: Db) {
  const [all, secretaries, counts] = await Promise.all([
    db.unit.findMany({
      select: { ...UNIT_SCOPE, sortOrder: true },
      orderBy: [{ location: 'asc' }, { factory: 'asc' }, { sortOrder: 'asc' }, { code: 'asc' }],
    }),
    db.roleGrant.findMany({
      where: { role: 'SECRETARY', unitId: { not: null }, person: { active: true } },
      select: { unitId: true, person: { select: { displayName: true } } },
    }),
    db.person.groupBy({
      by: ['homeUnitId'],
      where: { active: true, partyStatus: { in: ['PROBATIONARY', 'FULL'] } },
      _count: { _all: true },
    }),
  ]);
  const secretaryOf = new Map<number, string[]>();
  for (const s of secretaries) secretaryOf.set(s.unitId!, [...(secretaryOf.get(s.unitId!) ?? []), s.person.displayName]);
  const units = all.filter((u) => u.kind !== 'PARTY_GROUP');
  const countedIn = new Map(all.map((u) => [u.id, u.kind === 'PARTY_GROUP' && u.parentId ? u.parentId : u.id]));
  const memberCount = new Map<number, number>();
  for (const c of counts) {
    const unitId = c.homeUnitId == null ? undefined : countedIn.get(c.homeUnitId);
    if (unitId !== undefined) memberCount.set(unitId, (memberCount.get(unitId) ?? 0) + c._count._all);
  }
  const groups = new Map<
    string,
    { location: string; factory: string; units: ((typeof units)[number] & { secretaries: string[]; members: number })[] }
  >();
  for (const u of units) {
    const key = `${u.location}\u0000${u.factory}`;
    if (!groups.has(key)) groups.set(key, { location: u.location, factory: u.factory, units: [] });
    groups.get(key)!.units.push({ ...u, secretaries: secretaryOf.get(u.id) ?? [], members: memberCount.get(u.id) ?? 0 });
  }
  return [...groups.values()];
}

/**
 * The header of a unit's site: parent, officers by role, party groups with their leaders, member count.
 * Members of a branch include those of its party groups.
 */
export async function unitHeader(db: Db, unit: { id: number }) {
  const [officers, groups, members] = await Promise.all([
    db.roleGrant.findMany({
      where: { unitId: unit.id, role: { in: ['SECRETARY', 'ORG_MEMBER', 'INFO_OFFICER'] }, person: { active: true } },
      select: { role: true, person: { select: { id: true, displayName: true, title: true, phone: true } } },
      orderBy: [{ role: 'desc' }, { personId: 'asc' }],
    }),
    db.unit.findMany({
      where: { parentId: unit.id, kind: 'PARTY_GROUP' },
      select: {
        id: true,
        code: true,
        name: true,
        grants: { where: { role: 'SECRETARY' }, select: { person: { select: { displayName: true } } } },
      },
      orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
    }),
    db.person.count({
      where: {
        active: true,
        partyStatus: { in: ['PROBATIONARY', 'FULL'] },
        homeUnit: { OR: [{ id: unit.id }, { parentId: unit.id, kind: 'PARTY_GROUP' }] },
      },
    }),
  ]);
  return {
    secretaries: officers.filter((o) => o.role === 'SECRETARY').map((o) => o.person),
    orgMembers: officers.filter((o) => o.role === 'ORG_MEMBER').map((o) => o.person),
    infoOfficers: officers.filter((o) => o.role === 'INFO_OFFICER').map((o) => o.person),
    groups: groups.map((g) => ({ code: g.code, name: g.name, leaders: g.grants.map((x) => x.person.displayName) })),
    memberCount: members,
  };
}
