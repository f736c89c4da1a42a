import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CATALOG_FILE, catalogSource } from './catalog-source';

/**
 * `npm run client:generate` writes the client's typed catalog from the domain's. With `--check`
 * it only compares, and exits 1 when the file is out of date (the test uses that); `--file F`
 * names another file to write or compare.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const fileArg = args.indexOf('--file');
  const file = fileArg >= 0 ? resolve(args[fileArg + 1]) : join(__dirname, '..', '..', '..', CATALOG_FILE);
  const source = await catalogSource();
  if (args.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing: out of date
    }
    if (current !== source) {
      console.error(`${file} is out of date with the event catalog: run \`npm run client:generate\` and commit it.`);
      process.exit(1);
    }
    console.log(`${file} is up to date with the event catalog.`);
    return;
  }
  writeFileSync(file, source);
  console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
