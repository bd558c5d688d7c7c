import type { BoardSource, FedValues } from '../boards/sources.js';

/**
 * 通知按期签收率: per target period (by the notices' acknowledgement deadlines that fell in it), the people of each branch
 * addressed by a notice that asks for acknowledgement who acknowledged it by the end of the deadline day, ÷ those
 * addressed. The audience rule is notice.policy.ts's (ALL, MEMBERS, UNITS with membersOnly). One statement.
 */
export const noticeAckSource: BoardSource = {
  key: 'notices.ack_on_time',
  label: '通知按期签收率',
  uom: '%',
  compute: async (db, p) => {
    const ids = p.units.map((u) => u.id);
    const today = new Date(Date.UTC(p.now.getUTCFullYear(), p.now.getUTCMonth(), p.now.getUTCDate()));
    const rows = await db.$queryRaw<{ unitId: number; month: number; due: number; onTime: number }[]>`
      SELECT b.id AS "unitId", EXTRACT(MONTH FROM n."ackDeadline")::int AS month, count(*)::int AS due,
             count(*) FILTER (WHERE r."acknowledgedAt" < n."ackDeadline" + interval '1 day')::int AS "onTime"
        FROM "Notice" n
        JOIN "Person" p ON p.active
        JOIN "Unit" hu ON hu.id = p."homeUnitId"
        JOIN "Unit" b ON b.id = CASE WHEN hu.kind = 'PARTY_GROUP' THEN hu."parentId" ELSE hu.id END
        LEFT JOIN "NoticeReceipt" r ON r."noticeId" = n.id AND r."personId" = p.id
       WHERE n.status = 'PUBLISHED' AND n."ackRequired" AND b.id = ANY(${ids}::int[])
         AND n."ackDeadline" >= ${new Date(Date.UTC(p.year, 0, 1))}::date AND n."ackDeadline" < ${new Date(Date.UTC(p.year + 1, 0, 1))}::date
         AND n."ackDeadline" < ${today}::date
         AND (n.audience = 'ALL'
              OR (n.audience = 'MEMBERS' AND p."partyStatus" IN ('FULL', 'PROBATIONARY'))
              OR (n.audience = 'UNITS' AND EXISTS (SELECT 1 FROM "NoticeUnit" nu WHERE nu."noticeId" = n.id AND nu."unitId" = p."homeUnitId")
                  AND (NOT n."membersOnly" OR p."partyStatus" IN ('FULL', 'PROBATIONARY'))))
       GROUP BY 1, 2`;
    const out: FedValues = new Map();
    for (const r of rows) {
      const n = p.period === 'MONTHLY' ? r.month : Math.floor((r.month - 1) / 3) + 1;
      const unit = out.get(r.unitId) ?? new Map();
      const prev = unit.get(n) as { due: number; onTime: number } | undefined;
      const sum = { due: (prev?.due ?? 0) + r.due, onTime: (prev?.onTime ?? 0) + r.onTime };
      unit.set(n, { ...sum, actual: Math.round((sum.onTime / sum.due) * 1000) / 10, href: '/notices' });
      out.set(r.unitId, unit);
    }
    return out;
  },
};
