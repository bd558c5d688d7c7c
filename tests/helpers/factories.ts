import { randomBytes } from 'node:crypto';
import type { PartyStatus, Role, UnitKind } from '../../src/generated/prisma/enums.js';
import { hashPassword } from '../../src/domain/auth/passwords.js';
import { testDb } from './db.js';

export const TEST_PASSWORD = 'Test@2026pass';
let hashed: Promise<string> | undefined;

const uid = () => randomBytes(4).toString('hex');

/** A unit of its own for the calling test (a branch under a fresh committee unless told otherwise). */
export async function makeUnit(
  opts: {
    kind?: UnitKind;
    parentId?: number | null;
    name?: string;
    location?: string;
    factory?: string;
    archived?: boolean;
    sortOrder?: number;
  } = {},
) {
  const code = `t${uid()}`;
  return testDb().unit.create({
    data: {
      code,
      name: opts.name ?? `测试党支部${code}`,
      kind: opts.kind ?? 'BRANCH',
      parentId: opts.parentId ?? null,
      location: opts.location ?? '十堰',
      factory: opts.factory ?? '部件一厂',
      archivedAt: opts.archived ? new Date() : null,
      sortOrder: opts.sortOrder ?? 0,
    },
  });
}

/** A person with the given roles; `unit` roles need a unitId, OFFICE and ADMIN are company-wide. */
export async function makePerson(
  opts: {
    roles?: { role: Role; unitId?: number | null }[];
    homeUnitId?: number;
    partyStatus?: PartyStatus;
    displayName?: string;
    active?: boolean;
    mustChangePassword?: boolean;
  } = {},
) {
  hashed ??= hashPassword(TEST_PASSWORD);
  const username = `u${uid()}`;
  return testDb().person.create({
    data: {
      username,
      displayName: opts.displayName ?? `测试${username.slice(-4)}`,
      passwordHash: await hashed,
      partyStatus: opts.partyStatus ?? (opts.roles?.some((r) => r.role !== 'STAFF') ? 'FULL' : 'MASSES'),
      homeUnitId: opts.homeUnitId ?? null,
      active: opts.active ?? true,
      mustChangePassword: opts.mustChangePassword ?? false,
      grants: { create: (opts.roles ?? []).map((r) => ({ role: r.role, unitId: r.unitId ?? null })) },
    },
  });
}

/** A branch with its secretary, info officer, org member and a member, plus an office and an admin account. */
export async function makeBranchWorld() {
  const committee = await makeUnit({ kind: 'COMMITTEE', name: '测试党委' });
  const branch = await makeUnit({ parentId: committee.id });
  const other = await makeUnit({ parentId: committee.id });
  const [secretary, infoOfficer, orgMember, member, staff, otherSecretary, office, admin] = await Promise.all([
    makePerson({
      roles: [
        { role: 'SECRETARY', unitId: branch.id },
        { role: 'MEMBER', unitId: branch.id },
      ],
      homeUnitId: branch.id,
    }),
    makePerson({
      roles: [
        { role: 'INFO_OFFICER', unitId: branch.id },
        { role: 'MEMBER', unitId: branch.id },
      ],
      homeUnitId: branch.id,
    }),
    makePerson({
      roles: [
        { role: 'ORG_MEMBER', unitId: branch.id },
        { role: 'MEMBER', unitId: branch.id },
      ],
      homeUnitId: branch.id,
    }),
    makePerson({ roles: [{ role: 'MEMBER', unitId: branch.id }], homeUnitId: branch.id }),
    makePerson({ homeUnitId: branch.id }),
    makePerson({ roles: [{ role: 'SECRETARY', unitId: other.id }], homeUnitId: other.id }),
    makePerson({ roles: [{ role: 'OFFICE' }] }),
    makePerson({ roles: [{ role: 'ADMIN' }] }),
  ]);
  return { committee, branch, other, secretary, infoOfficer, orgMember, member, staff, otherSecretary, office, admin };
}

/** A notice the committee's office published to everyone at `publishedAt`, written straight to the database. */
export function makeCommitteeNotice(w: { committee: { id: number }; office: { id: number } }, title: string, publishedAt: Date) {
  return testDb().notice.create({
    data: { unitId: w.committee.id, title, issuer: '党委', status: 'PUBLISHED', publishedAt, createdById: w.office.id },
  });
}
