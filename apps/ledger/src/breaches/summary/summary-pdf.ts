import type { SignedBreachSummary } from '@ledger/domain';
import PDFDocument from 'pdfkit';
import { summaryDocument } from './summary-sections';

const MARGIN = 50;
const LABEL_WIDTH = 165;
const GAP = 12;
/**
 * The standard PDF fonts know Windows-1252 only; anything else would print as garbage, so it
 * prints as "?" and the document says so (the signed JSON keeps the exact text).
 */
const NOT_WINDOWS_1252 = /[^\n\x20-\x7E\xA0-\xFF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu;

/** Values a reader compares character by character. */
const MONOSPACED = new Set(['Key id', 'Signature', 'SHA-256 of the signed content']);

/**
 * The summary as an A4 PDF in the standard Helvetica fonts (nothing to embed or fetch). Its
 * creation date is the summary's, so the same summary renders to the same document.
 */
export function renderSummaryPdf(signed: SignedBreachSummary): Promise<Buffer> {
  let replaced = false;
  const printable = (text: string) =>
    text.replace(NOT_WINDOWS_1252, () => {
      replaced = true;
      return '?';
    });
  const doc = summaryDocument(signed);
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: doc.title, Subject: doc.subtitle, Creator: 'privacy-ledger', CreationDate: new Date(signed.summary.generatedAt) },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - 2 * MARGIN;
  const valueWidth = width - LABEL_WIDTH - GAP;
  pdf.font('Helvetica-Bold').fontSize(17).text(printable(doc.title));
  pdf.moveDown(0.2).font('Helvetica').fontSize(9.5).fillColor('#555555').text(printable(doc.subtitle), { width }).fillColor('#000000');
  const noteY = pdf.y;
  pdf.moveDown(1.2);

  for (const section of doc.sections) {
    pdf.moveDown(1);
    if (pdf.y > pdf.page.height - MARGIN - 80) pdf.addPage();
    pdf.font('Helvetica-Bold').fontSize(11.5).text(printable(section.title), MARGIN, pdf.y, { width });
    pdf.moveTo(MARGIN, pdf.y + 2).lineTo(MARGIN + width, pdf.y + 2).lineWidth(0.5).strokeColor('#999999').stroke();
    pdf.moveDown(0.5);
    for (const [label, value] of section.rows) {
      const mono = MONOSPACED.has(label);
      const valueFont = mono ? 'Courier' : 'Helvetica';
      const shown = printable(value);
      pdf.font(valueFont).fontSize(mono ? 8.5 : 9.5);
      const valueHeight = pdf.heightOfString(shown, { width: valueWidth });
      if (pdf.y + valueHeight > pdf.page.height - MARGIN) pdf.addPage();
      const top = pdf.y;
      pdf.font('Helvetica-Bold').fontSize(9.5).text(printable(label), MARGIN, top, { width: LABEL_WIDTH });
      const labelBottom = pdf.y;
      pdf.font(valueFont).fontSize(mono ? 8.5 : 9.5).text(shown, MARGIN + LABEL_WIDTH + GAP, top, { width: valueWidth });
      pdf.y = Math.max(pdf.y, labelBottom) + 3;
    }
  }
  const pages = pdf.bufferedPageRange();
  if (replaced) {
    pdf.switchToPage(pages.start);
    pdf.font('Helvetica-Oblique').fontSize(8.5).fillColor('#555555')
      .text('Characters this PDF cannot show are printed as "?"; the signed JSON form holds the exact text.', MARGIN, noteY + 2, { width: pdf.page.width - 2 * MARGIN });
  }
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i);
    // Writing inside the bottom margin would start a new page; lift the margin for the footer.
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(8).fillColor('#777777')
      .text(`${signed.summary.breachId} — page ${i + 1} of ${pages.count}`, MARGIN, pdf.page.height - MARGIN + 15, { width: pdf.page.width - 2 * MARGIN, align: 'center' });
  }
  pdf.end();
  return done;
}
