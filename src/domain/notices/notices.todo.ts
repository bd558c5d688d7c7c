import { date } from '../../lib/format.js';
import type { TodoSource } from '../sites/todo-parts.js';
import { awaitingAcknowledgement } from './notices.queries.js';

/** Published notices addressed to the person that ask for an acknowledgement they have not given; nearest deadline first. */
export const noticesToAcknowledge: TodoSource = async (db, user, limit) => {
  const rows = await db.notice.findMany({
    where: awaitingAcknowledgement(user),
    orderBy: [{ ackDeadline: { sort: 'asc', nulls: 'last' } }, { publishedAt: 'asc' }],
    take: limit,
    select: { id: true, title: true, issuer: true, publishedAt: true, ackDeadline: true },
  });
  return {
    id: 'acknowledge',
    title: '待确认的通知',
    hint: '要求确认的通知：阅读后点击“确认已阅”。',
    fromLabel: '发文单位',
    atLabel: '发布时间',
    lines: rows.map((n) => {
      // the deadline is a day: it is over once that day has passed here
      const overdue = !!n.ackDeadline && date(n.ackDeadline) < date(new Date());
      const day = n.ackDeadline?.toISOString().slice(0, 10);
      return {
        text: n.title,
        href: `/notices/${n.id}`,
        from: n.issuer,
        at: n.publishedAt,
        note: !day ? '' : overdue ? `确认期限 ${day}` : `${day} 前确认`,
        overdue,
      };
    }),
  };
};
