import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((path) => existsSync(path));

/** LibreOffice's CSV filter options: separator (44 comma, 59 semicolon), quote (34), UTF-8 (76), first line 1. */
const FILTER = { comma: '44,34,76,1', semicolon: '59,34,76,1' };

/**
 * Opens a CSV in LibreOffice Calc (headless, Debian's libreoffice-calc-nogui), saves it as an
 * .xlsx spreadsheet, and saves that back as CSV: what a spreadsheet made of the file, cell by cell.
 * Fails, saying how to install it, where LibreOffice is missing (.ci/run installs it).
 */
export async function convertWithLibreOffice(csv: Buffer, delimiter: keyof typeof FILTER): Promise<{ sheet: Buffer; roundTrip: Buffer }> {
  if (!SOFFICE) {
    throw new Error('LibreOffice is not installed: apt-get install libreoffice-calc-nogui (.ci/run installs it when it is missing)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'ledger-libreoffice-'));
  try {
    writeFileSync(join(dir, 'export.csv'), csv);
    // A profile of its own, so that it neither needs a home directory nor meets another instance's lock.
    const common = ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/profile`];
    await run(SOFFICE, [...common, `--infilter=CSV:${FILTER[delimiter]}`, '--convert-to', 'xlsx', '--outdir', join(dir, 'sheet'), join(dir, 'export.csv')], {
      timeout: 90_000,
    });
    const sheet = join(dir, 'sheet', 'export.xlsx');
    if (!existsSync(sheet)) throw new Error('LibreOffice made no spreadsheet of the CSV');
    await run(SOFFICE, [...common, '--convert-to', `csv:Text - txt - csv (StarCalc):${FILTER[delimiter]}`, '--outdir', join(dir, 'back'), sheet], {
      timeout: 90_000,
    });
    return { sheet: readFileSync(sheet), roundTrip: readFileSync(join(dir, 'back', 'export.csv')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
