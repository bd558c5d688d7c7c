import type { Db } from '../../db/client.js';
import { retryOnUniqueViolation } from '../../db/unique-retry.js';

/** Looks within this long count as one sitting: refreshing the page does not wipe "since you last looked". */
export const SITTING_MS = 30 * 60 * 1000;
/**
 * A look within this long of the last one written is not written: the sitting is told to the minute anyway, and
 * refreshing the page (or many tabs) then costs no write, which on one person's row would wait for each other's commit.
 */
export const MARKER_PRECISION_MS = 60 * 1000;

/**
 * Records that `personId` opened the morning review now and returns the moment their previous sitting began,
 * which is what "since you last looked" means (a week ago for a first visit). The marker raises no data
 * generation (every look moves it: it would empty the caches at every look).
 */
export function touchReviewMarker(db: Db, personId: number, now = new Date()): Promise<Date> {
  // the first look in two tabs at once: the later insert fails on the person's key and moves the marker instead
  return retryOnUniqueViolation(() => moveMarker(db, personId, now));
}

async function moveMarker(db: Db, personId: number, now: Date): Promise<Date> {
  // A week back, to the minute: looks within a minute ask for the same "since", so the review's rows kept for it serve them.
  const fallback = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 7 * 86_400_000);
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
