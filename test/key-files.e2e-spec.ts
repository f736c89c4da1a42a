import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnLedger } from './support/ledger-process';

/**
 * A key file left empty (a power cut before its bytes reached the disk, a bad restore) must stop
 * the ledger with a message naming it: a new key would make everything sealed or signed with the
 * old one unreadable or unverifiable for good.
 */
describe('key files the ledger cannot do without', () => {
  it.each(['master.key', 'signing.key'])('an empty %s stops the start, names the file and is left as it was', async (name) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
    const first = await spawnLedger({ LEDGER_DATA_DIR: dataDir });
    await first.kill('SIGTERM');
    writeFileSync(join(dataDir, name), '');

    const start = spawnLedger({ LEDGER_DATA_DIR: dataDir });
    await expect(start).rejects.toThrow(`${join(dataDir, name)} is empty`);
    expect(readFileSync(join(dataDir, name), 'utf8')).toBe('');
  });
});
