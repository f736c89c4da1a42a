import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { Readable, pipeline } from 'node:stream';

export const CSV_DELIMITERS = ['comma', 'semicolon'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];
const SEPARATORS: Record<CsvDelimiter, string> = { comma: ',', semicolon: ';' };

export type CsvValue = string | number | boolean | null | undefined | readonly string[];

/** A column of an export: its header (already in the reader's language) and how an item fills it. */
export interface CsvColumn<T> {
  header: string;
  value(item: T): CsvValue;
}

/** What a spreadsheet would run as a formula: a cell starting with =, +, -, @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * OWASP's defence against CSV injection: a text cell that a spreadsheet would evaluate is
 * prefixed with a single quote, so Excel and LibreOffice show it as text. Numbers stay numbers.
 */
export const neutraliseFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/** A list is one cell, its items separated by ", " (identifiers hold no comma). */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return neutraliseFormula(value);
  return neutraliseFormula(value.join(', '));
}

/**
 * An export as RFC 4180 CSV (CRLF line ends, fields quoted where they must be) in UTF-8 with a
 * byte-order mark, so that Excel reads it as UTF-8; one header row. Streamed: the items are
 * pulled as the client reads (the source is iterated a page at a time), so memory stays flat
 * however long the register.
 */
export function csvFile<T>(items: AsyncIterable<T> | Iterable<T>, columns: readonly CsvColumn<T>[], delimiter: CsvDelimiter | undefined, fileName: string): StreamableFile {
  const rows = Readable.from(
    (async function* () {
      for await (const item of items) yield columns.map((c) => csvCell(c.value(item)));
    })(),
  );
  const csv = stringify({
    bom: true,
    header: true,
    columns: columns.map((c) => neutraliseFormula(c.header)),
    delimiter: SEPARATORS[delimiter ?? 'comma'],
    record_delimiter: 'windows',
  });
  // An error in the source (a read that fails) ends the answer rather than leaving it hanging.
  pipeline(rows, csv, () => undefined);
  return new StreamableFile(csv, { type: 'text/csv; charset=utf-8; header=present', disposition: `attachment; filename="${fileName}"` });
}

/** Every item of a keyset-paged register, a page at a time. */
export async function* allPages<T, K>(page: (after: K | undefined) => { items: T[]; next?: K }): AsyncGenerator<T> {
  let after: K | undefined;
  do {
    const current = page(after);
    yield* current.items;
    after = current.next;
  } while (after !== undefined);
}
