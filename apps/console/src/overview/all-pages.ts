import type { Page } from '../api/paging';

/**
 * Every item of a register, page after page, for figures over the whole of it (the overview's
 * counts). Stops after `maxPages`, and says so, rather than reading without bound.
 */
export async function allPages<T>(fetchPage: (cursor?: string) => Promise<Page<T>>, maxPages = 20): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(cursor);
    items.push(...result.items);
    if (!result.next) return { items, complete: true };
    cursor = result.next;
  }
  return { items, complete: false };
}
