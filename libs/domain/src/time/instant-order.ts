/** Comparisons of ISO instants by the moment they name, whatever offset they are written with. */

/** The later of two instants; an absent one gives way to the other. */
export const later = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : Date.parse(a) >= Date.parse(b) ? a : b;

/** The earlier of two instants; an absent one gives way to the other. */
export const earlier = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : Date.parse(a) <= Date.parse(b) ? a : b;

export const isAfterInstant = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);

export const isBeforeInstant = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

/** Compares instants for `sort`: the earliest first. */
export const byInstant = (a: string, b: string): number => Date.parse(a) - Date.parse(b);

/**
 * Inserts `item` into `list` (kept in time order, at most `max` entries: the latest) unless an
 * entry at the same instant is `same` as it. Facts mostly come in time order, so this costs a
 * comparison or two, not a sort. Returns whether it was kept; `onEvict` hears of an entry that
 * falls out of the window (the oldest, or the new one when it is older than all kept).
 */
export function insertByInstant<T extends { at: string }>(
  list: T[],
  item: T,
  max: number,
  same: (a: T, b: T) => boolean,
  onEvict?: (evicted: T) => void,
): boolean {
  let i = list.length;
  while (i > 0 && compareInstants(list[i - 1].at, item.at) > 0) i -= 1;
  for (let j = i - 1; j >= 0 && compareInstants(list[j].at, item.at) === 0; j--) if (same(list[j], item)) return false;
  if (list.length >= max && i === 0) {
    onEvict?.(item);
    return false;
  }
  list.splice(i, 0, item);
  if (list.length > max) onEvict?.(list.shift()!);
  return true;
}

/** Compares two instants; two UTC strings of one shape compare as text, without parsing. */
export function compareInstants(a: string, b: string): number {
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) return a < b ? -1 : a > b ? 1 : 0;
  return Math.sign(Date.parse(a) - Date.parse(b));
}
