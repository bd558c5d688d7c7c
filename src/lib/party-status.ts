import type { PartyStatus } from '../generated/prisma/enums.js';

/** 党员: full and probationary members; applicants, activists and candidates are not yet members. */
export const MEMBER_STATUSES: PartyStatus[] = ['PROBATIONARY', 'FULL'];

export const isPartyMember = (partyStatus: string) => (MEMBER_STATUSES as string[]).includes(partyStatus);
