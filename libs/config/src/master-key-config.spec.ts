import { loadLedgerConfig } from './ledger-config';

describe('configuration of the master key for a rotation', () => {
  it('reads LEDGER_MASTER_KEY_NEXT beside LEDGER_MASTER_KEY', () => {
    expect(loadLedgerConfig({ LEDGER_MASTER_KEY: 'a'.repeat(64), LEDGER_MASTER_KEY_NEXT: 'b'.repeat(64) })).toMatchObject({
      masterKey: 'a'.repeat(64),
      masterKeyNext: 'b'.repeat(64),
    });
  });

  it('refuses LEDGER_MASTER_KEY_NEXT alone: a key file rotates through master.key.next', () => {
    expect(() => loadLedgerConfig({ LEDGER_MASTER_KEY_NEXT: 'b'.repeat(64) })).toThrow(/LEDGER_MASTER_KEY_NEXT: only with LEDGER_MASTER_KEY/);
  });
});
