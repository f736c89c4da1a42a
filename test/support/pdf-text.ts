// pdf-parse's index runs a self-test when it is not required by a parent module (as under jest): load its library directly.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a file inside the package, which has no types for it
const pdfParse: (data: Buffer) => Promise<{ text: string; numpages: number; info: Record<string, unknown> }> = require('pdf-parse/lib/pdf-parse.js');

/** The text of a PDF, as a reader copying it would get it. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await pdfParse(pdf)).text;
}
