import type { SignedBreachSummary } from '@ledger/domain';
import { renderDocumentPdf } from '../../documents/document-pdf';
import type { Messages } from '../../i18n/translations';
import { summaryDocument } from './summary-sections';

/**
 * The summary as an A4 PDF with an embedded Unicode font, so every name prints as written. Its
 * creation date is the summary's, so the same summary renders to the same document.
 */
export function renderSummaryPdf(signed: SignedBreachSummary, messages: Messages, position: number): Promise<Buffer> {
  return renderDocumentPdf(summaryDocument(signed, messages, position));
}
