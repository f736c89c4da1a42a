/** When an open finding is due, seen from the ledger's clock (not the browser's: LEDGER_NOW may freeze it). */
export type DueBucket = 'overdue' | 'within72h' | 'later';

export const DUE_BUCKETS: readonly DueBucket[] = ['overdue', 'within72h', 'later'];

const HOURS_72 = 72 * 3_600_000;

export function dueBucket(dueAt: string, now: string): DueBucket {
  const left = Date.parse(dueAt) - Date.parse(now);
  if (left < 0) return 'overdue';
  return left <= HOURS_72 ? 'within72h' : 'later';
}

/** How many items fall in each bucket. */
export function countByDue(items: readonly { dueAt: string }[], now: string): Record<DueBucket, number> {
  const counts: Record<DueBucket, number> = { overdue: 0, within72h: 0, later: 0 };
  for (const item of items) counts[dueBucket(item.dueAt, now)] += 1;
  return counts;
}

/** How many items have each value of `key`, most frequent first (ties by name). */
export function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

/** Whole hours from `now` until `dueAt` (negative when past), as the ledger counts them for breaches. */
export const hoursUntil = (dueAt: string, now: string): number => Math.floor((Date.parse(dueAt) - Date.parse(now)) / 3_600_000);
