import { ForeignEventError, LEDGER_KEY, unwrapMetadata, wrapMetadata } from './ledger-envelope';

const ledger = { id: 'e1', recordedAt: '2024-03-01T10:00:00.000Z', prevHash: null, hash: 'ab' };

describe('the ledger envelope', () => {
  it("round-trips the caller's metadata exactly, beside the ledger's fields", () => {
    const metadata = { actor: 'dpo', nested: { a: [1] } };
    const stored = wrapMetadata(metadata, ledger);
    expect(stored[LEDGER_KEY]).toEqual(ledger);
    expect(unwrapMetadata(JSON.parse(JSON.stringify(stored)), 'here')).toEqual({ metadata, ledger });
  });

  it('does not change the metadata it wraps', () => {
    const metadata = { actor: 'dpo' };
    wrapMetadata(metadata, ledger);
    expect(metadata).toEqual({ actor: 'dpo' });
  });

  it.each([
    ['no metadata', undefined],
    ['binary metadata', new Uint8Array([1])],
    ['metadata without the key', { actor: 'x' }],
    ['an incomplete envelope', { [LEDGER_KEY]: { id: 'e1', hash: 'ab' } }],
  ])('calls an event with %s foreign', (_, stored) => {
    expect(() => unwrapMetadata(stored, 'event e1')).toThrow(ForeignEventError);
  });
});
