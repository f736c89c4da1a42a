/**
 * The first log position recorded at or after `since` (ISO-8601 UTC), or `head + 1` when none
 * is. Appends take the ledger clock in log order, so recorded_at rises with the position and a
 * binary search over positions finds the boundary in about log2(head) point reads — the log
 * needs no index on recorded_at. Across instances with skewed clocks the boundary is as exact
 * as the clocks.
 */
export async function firstPositionSince(head: number, since: string, recordedAtOrAfter: (position: number) => Promise<string | undefined>): Promise<number> {
  let low = 1;
  let high = head + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const recordedAt = await recordedAtOrAfter(middle);
    if (recordedAt === undefined || recordedAt >= since) high = middle;
    else low = middle + 1;
  }
  return low;
}
