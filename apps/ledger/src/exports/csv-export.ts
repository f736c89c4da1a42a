import { StreamableFile } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { Readable } from 'node:stream';

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

/** Rows written per chunk: one write to the socket per chunk, not per row. */
const ROWS_PER_CHUNK = 1000;

/**
 * An export as RFC 4180 CSV (CRLF line ends, fields quoted where they must be) in UTF-8 with a
 * byte-order mark, so that Excel reads it as UTF-8; one header row. Streamed: the items are
 * pulled as the client reads (the source is iterated a page at a time) and written a chunk of
 * rows at a time, so memory stays flat however long the register.
 */
export function csvFile<T>(
  items: AsyncIterable<T> | Iterable<T>,
  columns: readonly CsvColumn<T>[],
  delimiter: CsvDelimiter | undefined,
  fileName: string,
): StreamableFile {
  const options = { delimiter: SEPARATORS[delimiter ?? 'comma'], record_delimiter: 'windows' as const };
  const chunks = async function* () {
    yield `\uFEFF${stringify([columns.map((c) => neutraliseFormula(c.header))], options)}`;
    let rows: string[][] = [];
    for await (const item of items) {
      rows.push(columns.map((c) => csvCell(c.value(item))));
      if (rows.length === ROWS_PER_CHUNK) {
        yield stringify(rows, options);
        rows = [];
      }
    }
    if (rows.length) yield stringify(rows, options);
  };
  // objectMode off: each chunk is a string of many rows, written as UTF-8.
  return new StreamableFile(Readable.from(chunks(), { objectMode: false }), {
    type: 'text/csv; charset=utf-8; header=present',
    disposition: `attachment; filename="${fileName}"`,
  });
}

/** Every item of a keyset-paged register, a page at a time. */
export async function* allPages<T, K>(page: (after: K | undefined) => { items: T[]; next?: K } | Promise<{ items: T[]; next?: K }>): AsyncGenerator<T> {
  let after: K | undefined;
  do {
    const current = await page(after);
    yield* current.items;
    after = current.next;
  } while (after !== undefined);
}
