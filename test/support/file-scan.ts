import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/** The encodings a value could sit in on disk: UTF-8, UTF-16, base64, hex. */
export function encodings(value: string): Buffer[] {
  const utf8 = Buffer.from(value, 'utf8');
  return [
    utf8,
    Buffer.from(value, 'utf16le'),
    Buffer.from(utf8.toString('base64').replace(/=+$/, '')),
    Buffer.from(utf8.toString('hex')),
    Buffer.from(utf8.toString('hex').toUpperCase()),
  ];
}

/** Every (file, needle) pair where a needle occurs in a file under `dir`. */
export function findInFiles(dir: string, needles: Record<string, Buffer[]>): string[] {
  const hits: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const [name, forms] of Object.entries(needles)) {
      if (forms.some((form) => bytes.includes(form))) hits.push(`${name} in ${file}`);
    }
  }
  return hits;
}
