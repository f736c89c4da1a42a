import { dirname, join } from 'node:path';

/**
 * DejaVu (the dejavu-fonts-ttf package, TrueType, embedded and subset by pdfkit): every Latin,
 * Greek and Cyrillic letter prints as written — Łukasz, Ørsted, Ğ — where the PDF standard
 * fonts know Windows-1252 only. Read from the installed package, never fetched.
 */
const TTF = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const DOCUMENT_FONTS = {
  regular: join(TTF, 'DejaVuSans.ttf'),
  bold: join(TTF, 'DejaVuSans-Bold.ttf'),
  italic: join(TTF, 'DejaVuSans-Oblique.ttf'),
  mono: join(TTF, 'DejaVuSansMono.ttf'),
} as const;
