import type { Db } from '../../db/client.js';
import { uncached } from '../../db/read-cache.js';
import { retryOnUniqueViolation } from '../../db/unique-retry.js';
import { startOfMinute } from '../../lib/dates.js';

/** Looks within this long count as one sitting: refreshing the page does not wipe "since you last looked". */
export const SITTING_MS = 30 * 60 * 1000;
/**
 * A look within this long of the last one written is not written: the sitting is told to the minute anyway, and
 * refreshing the page (or many tabs) then costs no write, which on one person's row would wait for each other's commit.
 */
export const MARKER_PRECISION_MS = 60 * 1000;

/**
 * Records that `personId` opened the morning review now and returns the moment their previous sitting began,
 * which is what "since you last looked" means (a week ago for a first visit).
 * The marker raises no data generation (it would empty the read cache at every look), so it is read and written
 * outside the cache, and the rest of the review's reads may still come from it.
 *
 * The answer is fixed for the minute after a look: a look leaves the marker less than a minute old, so any look in
 * the next minute is in the same sitting and answers the same moment (only a look 30 minutes on starts a new one).
 * The page cache may therefore send the review again within its minute without moving the marker; the next
 * minute's look renders the page and moves it.
 */
export function touchReviewMarker(db: Db, personId: number, now = new Date()): Promise<Date> {
  // the first look in two tabs at once: the later insert fails on the person's key and moves the marker instead
  return uncached(() => retryOnUniqueViolation(() => moveMarker(db, personId, now)), { fixedForTheMinute: true });
}

async function moveMarker(db: Db, personId: number, now: Date): Promise<Date> {
  // A week back, to the minute: the same "since" for every look in the minute, so the read cache can answer them.
  const fallback = new Date(startOfMinute(now.getTime()).getTime() - 7 * 86_400_000);
  const marker = await db.reviewMarker.findUnique({ where: { personId } });
  if (!marker) {
    await db.reviewMarker.create({ data: { personId, lastSeenAt: now, previousSeenAt: null } });
    return fallback;
  }
  const sinceLast = now.getTime() - marker.lastSeenAt.getTime();
  if (sinceLast < SITTING_MS) {
    if (sinceLast >= MARKER_PRECISION_MS) await db.reviewMarker.update({ where: { personId }, data: { lastSeenAt: now } });
    return marker.previousSeenAt ?? fallback;
  }
  await db.reviewMarker.update({ where: { personId }, data: { lastSeenAt: now, previousSeenAt: marker.lastSeenAt } });
  return marker.lastSeenAt;
}
