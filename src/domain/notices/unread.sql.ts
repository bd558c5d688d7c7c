import { MEMBER_STATUSES } from '../../lib/party-status.js';

const MEMBER = `(${MEMBER_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * How many published notices addressed to the person row `p` they have not opened (the count beside 文件通知 in the
 * header), as SQL: noticeVisibleWhere's rule (a test keeps the two equal). The session look-up reads it in its one
 * statement, so a signed-in page's floor stays one round trip.
 */
export function unreadNoticesSql(p: string): string {
  const member = `${p}."partyStatus" IN ${MEMBER}`;
  return `(SELECT count(*)::int FROM "Notice" n
     WHERE n.status = 'PUBLISHED'
       AND (n.audience = 'ALL'
            OR (n.audience = 'MEMBERS' AND ${member})
            OR (n.audience = 'UNITS' AND (${member} OR NOT n."membersOnly")
                AND EXISTS (SELECT 1 FROM "NoticeUnit" u WHERE u."noticeId" = n.id AND u."unitId" = ${p}."homeUnitId")))
       AND NOT EXISTS (SELECT 1 FROM "NoticeReceipt" r WHERE r."noticeId" = n.id AND r."personId" = ${p}.id))`;
}
