/**
 * Response times of the units' inboxes (from a voice being written to its first answer), as the office sees them
 * on /voices/stats. The database adds up per unit; this file does the arithmetic, without a database.
 */

/** What the aggregate query returns for one unit. */
export interface UnitResponseRow {
  unitId: number;
  code: string;
  name: string;
  total: number;
  answered: number;
  /** Sum and maximum of (first answer − written), in seconds, over the answered voices. */
  sumSeconds: number;
  maxSeconds: number;
  /** When the oldest voice still waiting for an answer was written. */
  oldestOpen: Date | null;
}

export interface ResponseFigures {
  total: number;
  answered: number;
  unanswered: number;
  /** Hours, one decimal; null when nothing was answered. */
  avgHours: number | null;
  maxHours: number | null;
  /** How long the oldest unanswered voice has waited, in hours; null when none waits. */
  longestWaitHours: number | null;
}

const hours = (seconds: number) => Math.round((seconds / 3600) * 10) / 10;

function figures(
  total: number,
  answered: number,
  sumSeconds: number,
  maxSeconds: number,
  oldestOpen: Date | null,
  now: Date,
): ResponseFigures {
  return {
    total,
    answered,
    unanswered: total - answered,
    avgHours: answered ? hours(sumSeconds / answered) : null,
    maxHours: answered ? hours(maxSeconds) : null,
    longestWaitHours: oldestOpen ? hours(Math.max(0, now.getTime() - oldestOpen.getTime()) / 1000) : null,
  };
}

/**
 * Per unit and in total. The total's average is over all answered voices (weighted by each unit's answers),
 * not the average of the units' averages; its maximum and longest wait are the largest of the units'.
 */
export function summarizeResponses(rows: UnitResponseRow[], now = new Date()) {
  const units = rows.map((r) => ({
    unitId: r.unitId,
    code: r.code,
    name: r.name,
    ...figures(r.total, r.answered, r.sumSeconds, r.maxSeconds, r.oldestOpen, now),
  }));
  const sum = (f: (r: UnitResponseRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  const oldest =
    rows
      .map((r) => r.oldestOpen)
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
  const total = figures(
    sum((r) => r.total),
    sum((r) => r.answered),
    sum((r) => r.sumSeconds),
    Math.max(0, ...rows.map((r) => r.maxSeconds)),
    oldest,
    now,
  );
  return { units, total };
}

/** A duration for people: hours under two days, days from there; a dash for none. */
export function formatDuration(h: number | null): string {
  if (h === null) return '—';
  if (h < 48) return `${h.toFixed(1)} 小时`;
  return `${(h / 24).toFixed(1)} 天`;
}
