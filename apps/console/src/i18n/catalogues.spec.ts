import { BREACH_FORMS } from '../breach/breach-forms';
import { BREACH_EVENT_TYPES, FINDING_RULES, SUBJECT_EVENT_TYPES, SUBJECT_RIGHTS, TRANSFER_SAFEGUARDS } from '../domain';
import en from './locales/en.json';
import nl from './locales/nl.json';

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

const placeholders = (message: string) => [...message.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the message catalogues (locales/en.json, locales/nl.json)', () => {
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

  it("names every rule, event type, right, safeguard and breach form field of the ledger's catalog", () => {
    const keys = [
      ...FINDING_RULES.map((r) => `rule.${r}`),
      ...[...SUBJECT_EVENT_TYPES, ...BREACH_EVENT_TYPES].map((t) => `eventType.${t}`),
      ...SUBJECT_EVENT_TYPES.map((t) => `fact.${t}`),
      ...SUBJECT_RIGHTS.map((r) => `right.${r}`),
      ...TRANSFER_SAFEGUARDS.map((s) => `safeguard.${s}`),
      ...Object.values(BREACH_FORMS).flatMap((fields) =>
        fields.flatMap((f) => [`breachForm.field.${f.name}`, ...('options' in f ? f.options.map((o) => `vocab.${f.vocabulary}.${o}`) : [])]),
      ),
    ];
    expect(keys.filter((key) => !catalogues.en.has(key))).toEqual([]);
  });
});
