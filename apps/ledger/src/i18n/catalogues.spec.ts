import { DOCUMENT_LANGUAGES } from '@ledger/domain';
import en from './locales/en.json';
import nl from './locales/nl.json';
import { loadMessages } from './translations';

type Catalogue = { [key: string]: string | Catalogue };

/** Every message of a catalogue by its dotted key. */
function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const messages = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') messages.set(path, value);
    else for (const [k, v] of flatten(value, path)) messages.set(k, v);
  }
  return messages;
}

const placeholders = (message: string) => [...message.matchAll(/\{\{?(\w+)\}\}?/g)].map((m) => m[1]).sort();

describe("the ledger's message catalogues (apps/ledger/src/i18n/locales/{en,nl}.json)", () => {
  const catalogues = { en: flatten(en), nl: flatten(nl) };

  it.each([
    ['en', 'nl'],
    ['nl', 'en'],
  ] as const)('has every %s key in %s too', (from, to) => {
    expect([...catalogues[from].keys()].filter((key) => !catalogues[to].has(key))).toEqual([]);
  });

  it('fills the same placeholders in both languages, and leaves no message empty', () => {
    const mismatched = [...catalogues.en].filter(
      ([key, message]) => catalogues.nl.has(key) && placeholders(message).join() !== placeholders(catalogues.nl.get(key)!).join(),
    );
    expect(mismatched.map(([key]) => key)).toEqual([]);
    for (const messages of Object.values(catalogues)) expect([...messages].filter(([, m]) => m.trim() === '').map(([k]) => k)).toEqual([]);
  });

  it('has a catalogue for every language a document can be asked in, and answers a key missing from one with the key, not with English', () => {
    expect(Object.keys(loadMessages()).sort()).toEqual([...DOCUMENT_LANGUAGES].sort());
    const { nl: dutch } = loadMessages();
    expect(dutch.t('document.controller')).toBe('Verwerkingsverantwoordelijke');
    expect(dutch.t('no.such.key')).toBe('no.such.key');
    expect(dutch.number(1234567)).toBe('1.234.567');
  });
});
