import type { SignedBreachSummary } from '@ledger/domain';
import { DOCUMENT_HTML_CSP, renderDocumentHtml } from '../../documents/document-html';
import type { Messages } from '../../i18n/translations';
import { summaryDocument } from './summary-sections';

/** The page's Content-Security-Policy: its own stylesheet only, by hash; it may not be framed. */
export const SUMMARY_HTML_CSP = DOCUMENT_HTML_CSP;

/** A self-contained page (no scripts, no external resources) a regulator can open, print or archive. */
export function renderSummaryHtml(signed: SignedBreachSummary, messages: Messages, position: number): string {
  return renderDocumentHtml(summaryDocument(signed, messages, position));
}
