/**
 * The client speaks bigint for revisions and log positions; the port speaks number. Log
 * positions are byte offsets, so 2^53 is petabytes away, but a silent rounding would corrupt
 * checkpoints, so an unsafe value is an error rather than an approximation.
 */
export function toSafeNumber(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} ${value} is beyond the range of a safe integer`);
  return n;
}
