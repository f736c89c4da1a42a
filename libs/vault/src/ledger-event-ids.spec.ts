import { randomBytes } from 'node:crypto';
import { validate, version } from 'uuid';
import { LedgerEventIds } from './ledger-event-ids';

describe('LedgerEventIds', () => {
  const masterKey = randomBytes(32);
  const ids = LedgerEventIds.fromMasterKey(masterKey);

  it('gives the same parts the same UUID, so a retry is recognised', () => {
    const id = ids.of('erasure-request', 'subject-1', 'R-1');
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(8);
    expect(LedgerEventIds.fromMasterKey(masterKey).of('erasure-request', 'subject-1', 'R-1')).toBe(id);
  });

  it('gives other parts, another purpose or another master key another id', () => {
    const id = ids.of('erasure-request', 'subject-1', 'R-1');
    expect(ids.of('erasure-request', 'subject-1', 'R-2')).not.toBe(id);
    expect(ids.of('erasure-request', 'subject-1/R', '1')).not.toBe(ids.of('erasure-request', 'subject-1', 'R/1'));
    expect(ids.of('shred', 'subject-1', 'R-1')).not.toBe(id);
    expect(LedgerEventIds.fromMasterKey(randomBytes(32)).of('erasure-request', 'subject-1', 'R-1')).not.toBe(id);
  });
});
