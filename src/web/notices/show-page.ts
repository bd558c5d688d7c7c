import type { Response } from 'express';
import type { Db } from '../../db/client.js';
import { sanitizeForShow } from '../../domain/content/sanitize.js';
import { AUDIENCE_LABELS } from '../../domain/notices/notice.policy.js';
import { noticeExtras } from '../../domain/notices/notices.queries.js';
import { STATUS_LABELS } from '../../domain/notices/notices.service.js';

/** The notice page (after requireReader): the notice, the reader's receipt and reminder, the issuer's actions. */
export async function renderNotice(db: Db, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const notice = res.locals.notice!;
  const receipt = notice.receipts[0] ?? null;
  const done = notice.ackRequired ? !!receipt?.acknowledgedAt : !!receipt;
  const extras = await noticeExtras(db, notice);
  res.page(
    'notices/show',
    {
      title: notice.title,
      notice,
      receipt,
      reminder: done || notice.status !== 'PUBLISHED' ? null : (notice.reminders[0] ?? null),
      ...extras,
      manager: res.locals.manager ?? false,
      addressed: res.locals.addressed ?? false,
      audienceLabels: AUDIENCE_LABELS,
      statusLabels: STATUS_LABELS,
      clean: sanitizeForShow,
      ...extra,
    },
    status,
  );
}
