import { BadRequestException } from '@nestjs/common';

/** Rows exported per read of a register: a CSV or PDF export reads the register a page at a time. */
export const EXPORT_PAGE_SIZE = 1000;

/** The `next` of a page: the sort key of its last row, opaque to the client (base64url of JSON). */
export const encodeCursor = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The sort key a cursor holds; 400 for anything this API did not hand out. */
export function decodeCursor<K>(cursor: string | undefined, isKey: (value: unknown) => value is K): K | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    value = undefined;
  }
  if (!isKey(value)) throw new BadRequestException('cursor is not one this API returned');
  return value;
}

/** A check of a cursor's key: an object with exactly these string fields. */
export const stringFields =
  <K extends Record<string, string>>(...fields: (keyof K & string)[]) =>
  (value: unknown): value is K =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === fields.length &&
    fields.every((f) => typeof (value as Record<string, unknown>)[f] === 'string' && (value as Record<string, string>)[f].length <= 256);
