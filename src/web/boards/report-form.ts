import { duePeriod, periodWindow, valueRange, type PeriodRule, type ValueRule } from '../../domain/boards/rules.js';
import type { Cell } from '../../domain/boards/board.queries.js';

/** The periods a person may pick on a reading form (the unit: open ones; the office: closed ones too) and the one due now. */
export function reportChoices(row: PeriodRule & { cells: Cell[] }, now: Date, office: boolean) {
  const options = row.cells
    .map((c) => ({ ...c, window: periodWindow(row, c.n, now) }))
    .filter((c) => c.window === 'open' || (office && c.window === 'closed'));
  const due = duePeriod(row, now);
  return { options, due: options.some((o) => o.n === due) ? due : options[options.length - 1]?.n };
}

/** What the reading field accepts, for the hint beside it ("0–100 的整数"). */
export function rangeHint(t: ValueRule): string {
  return hintOf(valueRange(t));
}

export function hintOf({ min, max, whole }: ReturnType<typeof valueRange>): string {
  const kind = whole ? '整数' : '数值';
  if (min != null && max != null) return `${min}–${max} 的${kind}`;
  if (min != null) return `不小于 ${min} 的${kind}`;
  if (max != null) return `不大于 ${max} 的${kind}`;
  return kind;
}
