/**
 * A page of a register as the console shows it, whatever the route calls its items. `next` is
 * the server's cursor for the following page (absent on the last); the console hands it back
 * unchanged. Routes that are not paged yet answer everything with no `next`.
 */
export interface Page<T> {
  items: T[];
  next?: string;
  total?: number;
}

/** Reads a page out of an answer: its items under `field`, and `next`/`total` when the server gives them. */
export function pageOf<T>(body: Record<string, unknown>, field: string): Page<T> {
  const next = body.next;
  return {
    items: (body[field] as T[] | undefined) ?? [],
    ...(next === undefined || next === null ? {} : { next: String(next) }),
    ...(typeof body.total === 'number' ? { total: body.total } : {}),
  };
}
