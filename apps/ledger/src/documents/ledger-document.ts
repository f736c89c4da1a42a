import type { DocumentLanguage } from '@ledger/domain';

/** One labelled value; a value may hold several lines. */
export interface DocumentRow {
  label: string;
  value: string;
  /** Printed in a monospaced font: values a reader compares character by character (keys, signatures, digests). */
  mono?: boolean;
}

export interface DocumentSection {
  title: string;
  rows: DocumentRow[];
  /** A paragraph before the rows. */
  intro?: string;
}

/**
 * A document for a person to read, file or hand on — the breach summary, the Art. 30 record, the
 * breach register, the answer to an access request — the same sections and words in HTML and
 * PDF. Every document states the log position it reflects.
 */
export interface LedgerDocument {
  lang: DocumentLanguage;
  title: string;
  subtitle?: string;
  /** Who made it for whom, when, and at which log position: under the title. */
  head: DocumentRow[];
  sections: DocumentSection[];
  /** At the foot of every page: what the document is and its log position. */
  footer: string;
  /** The page number in the PDF's footer, with `{page}` and `{pages}`: "page {page} of {pages}". */
  pageLabel: string;
  /** When the document was made (the PDF's creation date, so the same state renders the same document). */
  createdAt: string;
  /** The PDF's Subject. */
  subject?: string;
}
