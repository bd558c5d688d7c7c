import type { Role } from '../../generated/prisma/enums.js';
import { isPartyMember } from '../../lib/party-status.js';
import { PERMISSIONS, type Action, type Permission } from './permissions.js';

export interface Grant {
  role: Role;
  unitId: number | null;
  /** Not granted but implied by the person's party status (正式/预备党员 are members of their branch). */
  implied?: boolean;
}

/**
 * The person's grants with what their party status implies: a 正式 or 预备党员 browses as MEMBER of their branch
 * (`memberUnitId`: their home unit, or its branch when it is a party group) unless they hold that grant already.
 */
export function withImpliedGrants<T extends { partyStatus: string; grants: Grant[] }>(user: T, memberUnitId: number | null): T {
  const implied = isPartyMember(user.partyStatus) && memberUnitId !== null;
  if (!implied || user.grants.some((g) => g.role === 'MEMBER' && g.unitId === memberUnitId)) return user;
  return { ...user, grants: [...user.grants, { role: 'MEMBER', unitId: memberUnitId, implied: true }] };
}

/** The person behind a request, as the session loads it (one query per request). */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  partyStatus: string;
  homeUnitId: number | null;
  mustChangePassword: boolean;
  grants: Grant[];
  /** The header's unread notices, when read with the session (src/domain/auth/session-user.ts). */
  unreadNotices?: number;
}

/** The part of a unit that decides permissions. */
export interface UnitScope {
  id: number;
  kind: string;
  parentId: number | null;
  archivedAt: Date | null;
}

export const COMPANY_WIDE: readonly Role[] = ['OFFICE', 'ADMIN'];

export function hasGlobalRole(user: SessionUser | undefined, role: Role): boolean {
  return !!user?.grants.some((g) => g.role === role && g.unitId === null);
}

/** The units in which `user` holds one of `roles` (each once). */
export function unitsWithRole(user: SessionUser, roles: readonly Role[]): number[] {
  return [...new Set(user.grants.filter((g) => g.unitId !== null && roles.includes(g.role)).map((g) => g.unitId as number))];
}

/** Whether `user` holds `role` in `unit` (or in the branch that a party group belongs to). */
export function hasUnitRole(user: SessionUser | undefined, role: Role, unit: UnitScope | undefined): boolean {
  if (!user || !unit) return false;
  return user.grants.some(
    (g) => g.role === role && g.unitId !== null && (g.unitId === unit.id || (unit.kind === 'PARTY_GROUP' && g.unitId === unit.parentId)),
  );
}

/**
 * The one authorization question: may `user` do `action`, in `unit` where the action concerns one.
 * The unit gates first (archived units take no writes), then the role.
 */
export function can(user: SessionUser | undefined, action: Action, unit?: UnitScope): boolean {
  const p: Permission = PERMISSIONS[action];
  if (!user) return false;
  if (p.write && unit?.archivedAt) return false;
  if (p.roles === 'any') return true;
  const roles = p.roles;
  if (COMPANY_WIDE.some((r) => roles.includes(r) && hasGlobalRole(user, r))) return true;
  if (p.officeOnCommittee && unit?.kind === 'COMMITTEE' && hasGlobalRole(user, 'OFFICE')) return true;
  return roles.some((r) => !COMPANY_WIDE.includes(r) && hasUnitRole(user, r, unit));
}
