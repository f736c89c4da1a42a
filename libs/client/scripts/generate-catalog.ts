import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FILE, catalogSource } from './catalog-source';

/**
 * `npm run client:generate` writes the client's typed catalog from the domain's; with `--check`
 * it only compares, and exits 1 when the file is out of date (the test and CI use that).
 */
async function main(): Promise<void> {
  const file = join(__dirname, '..', '..', '..', CATALOG_FILE);
  const source = await catalogSource();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing: out of date
    }
    if (current !== source) {
      console.error(`${CATALOG_FILE} is out of date with the event catalog: run \`npm run client:generate\` and commit it.`);
      process.exit(1);
    }
    console.log(`${CATALOG_FILE} is up to date.`);
    return;
  }
  writeFileSync(file, source);
  console.log(`wrote ${CATALOG_FILE}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
