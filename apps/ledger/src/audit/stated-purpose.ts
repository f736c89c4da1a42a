import { InvalidInputException } from '../common/invalid-input.exception';

export const PURPOSE_HEADER = 'x-purpose';

const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;

/**
 * The purpose a reader states for reading a subject's records. Required: reading them is itself
 * processing personal data, which needs a purpose (GDPR Art. 5(1)(b)), and an audit entry
 * without one would not answer "why". A read without it is refused before anything is read.
 */
export function statedPurpose(header: string | string[] | undefined): string {
  const value = typeof header === 'string' ? header.trim() : '';
  const problem =
    header === undefined || value === ''
      ? 'is required on reads of a subject\'s records: say why you read them, e.g. "X-Purpose: access request R-2025-17"'
      : typeof header !== 'string' || value.length > 200 || !PRINTABLE.test(value)
        ? 'must be one line of at most 200 printable characters'
        : undefined;
  if (problem) throw new InvalidInputException([{ path: 'headers.x-purpose', message: problem }], `X-Purpose header ${problem}`);
  return value;
}
