import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { DOCUMENT_FONTS } from './document-fonts';
import type { DocumentRow, LedgerDocument } from './ledger-document';

const MARGIN = 50;
const LABEL_WIDTH = 165;
const GAP = 12;

type FontName = keyof typeof DOCUMENT_FONTS;
let fonts: Record<FontName, Buffer> | undefined;
/** Read once: a document embeds only the glyphs it uses (pdfkit subsets the font). */
const fontFiles = () =>
  (fonts ??= Object.fromEntries(Object.entries(DOCUMENT_FONTS).map(([name, file]) => [name, readFileSync(file)])) as Record<FontName, Buffer>);

/**
 * A document as an A4 PDF with the DejaVu fonts embedded: the title, the head (controller, DPO,
 * date, log position), the sections as label/value rows, and on every page a footer with the
 * document, its log position and "page i of n". Its creation date is the document's, so the
 * same state renders to the same document.
 */
export function renderDocumentPdf(doc: LedgerDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: doc.lang,
    displayTitle: true,
    info: { Title: doc.title, ...(doc.subject ? { Subject: doc.subject } : {}), Creator: 'privacy-ledger', CreationDate: new Date(doc.createdAt) },
  });
  for (const [name, file] of Object.entries(fontFiles())) pdf.registerFont(name, file);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });

  const width = pdf.page.width - 2 * MARGIN;
  pdf.font('bold').fontSize(17).text(doc.title, { width });
  if (doc.subtitle) pdf.moveDown(0.2).font('regular').fontSize(9.5).fillColor('#555555').text(doc.subtitle, { width }).fillColor('#000000');
  if (doc.head.length) {
    pdf.moveDown(0.8);
    rows(pdf, doc.head, width);
  }
  for (const section of doc.sections) {
    pdf.moveDown(1);
    if (pdf.y > pdf.page.height - MARGIN - 80) pdf.addPage();
    pdf.font('bold').fontSize(11.5).text(section.title, MARGIN, pdf.y, { width });
    pdf
      .moveTo(MARGIN, pdf.y + 2)
      .lineTo(MARGIN + width, pdf.y + 2)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    pdf.moveDown(0.5);
    if (section.intro) pdf.font('regular').fontSize(9.5).text(section.intro, MARGIN, pdf.y, { width }).moveDown(0.4);
    rows(pdf, section.rows, width);
  }
  const pages = pdf.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i);
    // Writing inside the bottom margin would start a new page; lift the margin for the footer.
    pdf.page.margins.bottom = 0;
    pdf
      .font('regular')
      .fontSize(8)
      .fillColor('#777777')
      .text(
        `${doc.footer} — ${doc.pageLabel.replace('{page}', String(i + 1)).replace('{pages}', String(pages.count))}`,
        MARGIN,
        pdf.page.height - MARGIN + 15,
        { width, align: 'center' },
      );
  }
  pdf.end();
  return done;
}

function rows(pdf: PDFKit.PDFDocument, list: readonly DocumentRow[], width: number): void {
  const valueWidth = width - LABEL_WIDTH - GAP;
  for (const row of list) {
    const valueFont = row.mono ? 'mono' : 'regular';
    const size = row.mono ? 8.5 : 9.5;
    pdf.font(valueFont).fontSize(size);
    const valueHeight = pdf.heightOfString(row.value, { width: valueWidth });
    if (pdf.y + valueHeight > pdf.page.height - MARGIN) pdf.addPage();
    const top = pdf.y;
    pdf.font('bold').fontSize(9.5).text(row.label, MARGIN, top, { width: LABEL_WIDTH });
    const labelBottom = pdf.y;
    pdf
      .font(valueFont)
      .fontSize(size)
      .text(row.value, MARGIN + LABEL_WIDTH + GAP, top, { width: valueWidth });
    pdf.y = Math.max(pdf.y, labelBottom) + 3;
  }
}
