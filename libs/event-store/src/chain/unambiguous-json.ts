import { JSONPath, visit } from 'jsonc-parser';

/** JSON that is not JSON, or that a reader and a signature check could take to mean two things. */
export class AmbiguousJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmbiguousJsonError';
  }
}

const where = (path: JSONPath): string =>
  path.length === 0 ? 'at the top level' : `in ${path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')}`;

/**
 * Reads a file that something signed over its canonical JSON (a breach summary, a digest), so
 * that what a person reads in it is what the signature covers. JSON.parse keeps the last of two
 * equal keys and rounds numbers: a file could show a forged `summary` first and the genuine one
 * after it, or `10.000000000000000001` where 10 was signed, and still verify. Refused here:
 * - a key twice in one object, at any depth (after unescaping: "\u0061" is "a");
 * - a number not written as the ledger writes it (JSON.stringify of its value): 1.0, 1e3, -0,
 *   10.000000000000000001, 1e400.
 * What JSON.parse refuses is refused with its message.
 */
export function parseUnambiguousJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AmbiguousJsonError(`not JSON (${(error as Error).message})`);
  }
  const keys: Set<string>[] = [];
  const problems: string[] = [];
  visit(
    text,
    {
      onObjectBegin: () => void keys.push(new Set()),
      onObjectEnd: () => void keys.pop(),
      onObjectProperty: (property, _offset, _length, _line, _column, path) => {
        const seen = keys[keys.length - 1];
        if (seen.has(property)) problems.push(`the key ${JSON.stringify(property)} appears twice ${where(path())}`);
        seen.add(property);
      },
      onLiteralValue: (literal, offset, length, _line, _column, path) => {
        if (typeof literal !== 'number') return;
        const written = text.slice(offset, offset + length);
        if (written !== JSON.stringify(literal)) {
          problems.push(`the number ${written} ${where(path())} is not written canonically (it reads as ${String(literal)})`);
        }
      },
      onError: () => void problems.push('not JSON'),
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (problems.length) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new AmbiguousJsonError(`${problems[0]}${more}: the file could be read with another meaning than the one signed`);
  }
  return value;
}
