/**
 * Keyset pages of the registers: each page continues strictly after the sort key of the last
 * row of the page before, so rows inserted meanwhile never shift a page — no row of the
 * register is lost or repeated between pages, which OFFSET cannot promise. Sort keys hold the
 * row's own id last, so they are unique.
 */
export interface KeysetPage<T, K> {
  items: T[];
  /** The sort key of the last item, when another page may follow. */
  next?: K;
}

export interface Where {
  clauses: string[];
  args: unknown[];
}

/** Adds a condition and its argument to a WHERE clause. */
export function narrow(w: Where, clause: string, arg: unknown): void {
  w.clauses.push(clause);
  w.args.push(arg);
}

export const where = (w: Where) => (w.clauses.length ? `WHERE ${w.clauses.join(' AND ')}` : '');

/** A page from `limit + 1` rows: the extra row only says that another page follows. */
export function page<R, T, K>(rows: R[], limit: number, item: (row: R) => T, key: (row: R) => K): KeysetPage<T, K> {
  const shown = rows.slice(0, limit);
  return { items: shown.map(item), ...(rows.length > limit ? { next: key(shown[shown.length - 1]) } : {}) };
}
