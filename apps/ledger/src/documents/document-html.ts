import { hash } from 'node:crypto';
import type { DocumentRow, LedgerDocument } from './ledger-document';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1b1b; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin-bottom: .2rem; }
  .subtitle { color: #555; margin-top: 0; }
  h2 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
  table { border-collapse: collapse; width: 100%; }
  th { text-align: left; vertical-align: top; width: 16rem; padding: .25rem 1rem .25rem 0; font-weight: 600; color: #333; }
  td { vertical-align: top; padding: .25rem 0; white-space: pre-line; overflow-wrap: anywhere; }
  td.mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; }
  footer { margin-top: 2rem; color: #666; font-size: .85rem; }
  @media print { body { margin: 0; } }
`;

/**
 * The pages' Content-Security-Policy: nothing may load or run but their own stylesheet, allowed by
 * its hash (no 'unsafe-inline'); they may not be framed.
 */
export const DOCUMENT_HTML_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${hash('sha256', STYLE, 'base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const table = (rows: readonly DocumentRow[]) =>
  `<table>\n${rows.map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th><td${r.mono ? ' class="mono"' : ''}>${escapeHtml(r.value)}</td></tr>`).join('\n')}\n</table>`;

/** A self-contained page (no scripts, no external resources) to open, print or archive. */
export function renderDocumentHtml(doc: LedgerDocument): string {
  const sections = doc.sections
    .map((s) => `<section>\n<h2>${escapeHtml(s.title)}</h2>\n${s.intro ? `<p>${escapeHtml(s.intro)}</p>\n` : ''}${table(s.rows)}\n</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(doc.title)}</h1>
${doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>\n` : ''}${doc.head.length ? `${table(doc.head)}\n` : ''}${sections}
<footer>${escapeHtml(doc.footer)}</footer>
</body>
</html>
`;
}
