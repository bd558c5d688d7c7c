import type { ObligationFrequency } from '../../generated/prisma/enums.js';

/**
 * The kinds of organisational life a branch owes (../shared/notes/party-rules.md), with the rules' default frequency
 * and the published record that meets one: its record type and, where the type holds several kinds, the field that
 * tells them apart. A unit's own frequency is data (OrgObligation); this list is the catalogue.
 */
export interface ObligationKind {
  key: string;
  label: string;
  recordType: 'meeting' | 'theme_day' | 'org_life';
  /** The record field and value that make a record of this kind. */
  match?: { field: string; value: string };
  frequency: ObligationFrequency;
  /** Owed once per party group of the unit (党小组会). */
  perGroup?: boolean;
}

export const OBLIGATION_KINDS: readonly ObligationKind[] = [
  {
    key: 'branch_meeting',
    label: '支部党员大会',
    recordType: 'meeting',
    match: { field: 'meetingType', value: '支部党员大会' },
    frequency: 'QUARTERLY',
  },
  {
    key: 'committee_meeting',
    label: '支委会',
    recordType: 'meeting',
    match: { field: 'meetingType', value: '支委会' },
    frequency: 'MONTHLY',
  },
  {
    key: 'group_meeting',
    label: '党小组会',
    recordType: 'meeting',
    match: { field: 'meetingType', value: '党小组会' },
    frequency: 'MONTHLY',
    perGroup: true,
  },
  { key: 'lecture', label: '党课', recordType: 'meeting', match: { field: 'meetingType', value: '党课' }, frequency: 'QUARTERLY' },
  { key: 'theme_day', label: '主题党日', recordType: 'theme_day', frequency: 'MONTHLY' },
  {
    key: 'org_life_meeting',
    label: '组织生活会',
    recordType: 'org_life',
    match: { field: 'kind', value: '组织生活会' },
    frequency: 'YEARLY',
  },
  { key: 'appraisal', label: '民主评议党员', recordType: 'org_life', match: { field: 'kind', value: '民主评议党员' }, frequency: 'YEARLY' },
];

export const FREQUENCY_LABELS: Record<ObligationFrequency, string> = { MONTHLY: '每月', QUARTERLY: '每季度', YEARLY: '每年' };

export const RECORD_TYPES_OF_ORG_LIFE = ['meeting', 'theme_day', 'org_life'] as const;

export function obligationKind(key: string): ObligationKind | undefined {
  return OBLIGATION_KINDS.find((k) => k.key === key);
}

/** The kind a published record meets, from its record type and fields (undefined: none). */
export function kindOfRecord(recordType: string | null, fields: Record<string, unknown> | null): ObligationKind | undefined {
  return OBLIGATION_KINDS.find((k) => k.recordType === recordType && (!k.match || fields?.[k.match.field] === k.match.value));
}
