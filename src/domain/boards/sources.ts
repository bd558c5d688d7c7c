import type { Db } from '../../db/client.js';
import type { TargetPeriod } from '../../generated/prisma/enums.js';
import { duesSource } from '../dues/dues.source.js';
import { noticeAckSource } from '../notices/notices.source.js';
import { attendanceSource, orgLifeSource } from '../orglife/orglife.sources.js';
import { moduleFreshnessSource } from '../sites/freshness.source.js';

/** Per unit, per period of the target (month 1–12 or quarter 1–4): the figure and the page of the records it counts. */
export type FedValues = Map<number, Map<number, { actual: number; href: string }>>;

/**
 * A source of board figures that the portal computes from its own records (业务流程化): a target that names one takes
 * its actual values from it instead of hand entry (marked 自动). `compute` answers for all the given units and one year
 * in a fixed number of statements.
 */
export interface BoardSource {
  key: string;
  label: string;
  uom: string;
  compute: (db: Db, p: { units: { id: number; code: string }[]; year: number; period: TargetPeriod; now: Date }) => Promise<FedValues>;
}

/** The registry: each area adds one line. */
export const BOARD_SOURCES: readonly BoardSource[] = [orgLifeSource, attendanceSource, moduleFreshnessSource, noticeAckSource, duesSource];

export function boardSource(key: string | null | undefined): BoardSource | undefined {
  return key ? BOARD_SOURCES.find((s) => s.key === key) : undefined;
}
