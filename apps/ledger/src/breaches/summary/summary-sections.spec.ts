import { createHash } from 'node:crypto';
import {
  BreachRecord,
  ControllerProfile,
  DetectedBreach,
  EventDataByType,
  LedgerEvent,
  LedgerEventType,
  SignedBreachSummary,
  buildBreachSummary,
  emptyBreach,
  evolveBreach,
} from '@ledger/domain';
import { event as built } from '@ledger/domain/testing/facts';
import { canonicalJson } from '@ledger/event-store';
import { loadMessages } from '../../i18n/translations';
import { summaryDocument } from './summary-sections';

const messages = loadMessages();
const en = (s: SignedBreachSummary) => summaryDocument(s, messages.en, 42);

const AWARE = '2026-02-27T08:00:00Z';
const event = <T extends LedgerEventType>(type: T, data: EventDataByType[T], occurredAt = AWARE): LedgerEvent<T> => built(type, data, occurredAt, 'breach-B-9');
const DETECTED = event('BreachDetected', {
  awareAt: AWARE,
  nature: ['confidentiality'],
  description: 'Lost laptop.',
  categories: ['user.name'],
  approxSubjects: 12000,
  approxRecords: 15000,
  ongoing: false,
});
const PROFILE: ControllerProfile = {
  name: 'HostingHuis B.V.',
  address: 'Utrecht',
  contact: { email: 'privacy@hostinghuis.example' },
  dpo: { name: 'FG', email: 'fg@hostinghuis.example' },
  supervisoryAuthority: { id: 'nl-ap', name: 'Autoriteit Persoonsgegevens', country: 'NL' },
};
const signed = (...events: LedgerEvent[]): SignedBreachSummary => {
  const record = events.reduce(evolveBreach, emptyBreach('B-9', AWARE) as BreachRecord) as DetectedBreach;
  return {
    summary: buildBreachSummary(record, PROFILE, new Date('2026-02-28T08:00:00Z')),
    signature: { algorithm: 'Ed25519', keyId: 'k'.repeat(64), value: 'c2ln' },
  };
};
const row = (doc: ReturnType<typeof summaryDocument>, label: string) => doc.sections.flatMap((s) => s.rows).find((r) => r.label === label)?.value;

describe('summary document (what the HTML and the PDF show)', () => {
  it('follows the EDPB template, then the signature', () => {
    expect(en(signed(DETECTED)).sections.map((s) => s.title.split(' —')[0])).toEqual([
      '1. Type of notification',
      '2. Controller, reporter and data protection officer',
      '3. Nature of the breach, dates and duration',
      '4. Data subjects and personal data concerned',
      '5. Measures in place before the breach',
      '6. Likely consequences',
      '7. Measures taken or proposed',
      '8. Communication to the data subjects',
      'Signature',
    ]);
  });

  it('says what is not known yet rather than guessing', () => {
    const doc = en(signed(DETECTED));
    expect(row(doc, 'Notified')).toBe('not yet: 48 h left');
    expect(row(doc, 'Likely consequences')).toBe('not yet assessed');
    expect(row(doc, 'Required')).toBe('not yet known: the risk is not assessed');
    expect(row(doc, 'Approximate number of data subjects')).toBe('12,000');
  });

  it('calls a breach unlikely to result in a risk a register entry, not a notification', () => {
    const doc = en(signed(DETECTED, event('BreachAssessed', { risk: 'unlikely', consequences: 'None.' })));
    expect(doc.subtitle).toMatch(/^Breach register entry \(Art. 33\(5\)\)/);
    expect(row(doc, 'Type')).toMatch(/^Documented only/);
    expect(row(doc, 'Required')).toBe('no: not assessed as high risk');
  });

  it('prints the key id, the signature and the SHA-256 of the signed canonical JSON', () => {
    const s = signed(DETECTED);
    const doc = en(s);
    expect(row(doc, 'Key id')).toBe('k'.repeat(64));
    expect(row(doc, 'Signature')).toBe('c2ln');
    expect(row(doc, 'SHA-256 of the signed content')).toBe(createHash('sha256').update(canonicalJson(s.summary)).digest('hex'));
  });

  it('follows the sections of the AP notification form in Dutch, with Dutch numbers', () => {
    const doc = summaryDocument(signed(DETECTED), messages.nl, 42);
    expect(doc.lang).toBe('nl');
    expect(doc.sections.map((s) => s.title.split(' —')[0])).toEqual([
      '0. Over deze melding',
      '1. Contactgegevens en overige algemene informatie',
      '2. Tijdlijn',
      '3. Gegevens over het datalek',
      '4. Persoonsgegevens die betrokken zijn bij het datalek',
      '5. De groep mensen van wie persoonsgegevens betrokken zijn bij het datalek',
      '6. Maatregelen die zijn getroffen voordat het datalek plaatsvond',
      '7. Gevolgen van het datalek',
      '8. Vervolgacties naar aanleiding van het datalek',
      'Ondertekening',
    ]);
    expect(row(doc, 'Aantal betrokkenen (bij benadering)')).toBe('12.000');
    expect(row(doc, 'Gemeld')).toBe('nog niet: nog 48 uur');
  });

  it('shows every row of the English summary in the Dutch one too: only their order and sections differ', () => {
    const s = signed(DETECTED, event('BreachAssessed', { risk: 'high', consequences: 'Phishing.' }));
    const count = (doc: ReturnType<typeof summaryDocument>) => doc.sections.flatMap((x) => x.rows).length;
    expect(count(summaryDocument(s, messages.nl, 1))).toBe(count(en(s)));
  });

  it('states the log position it reflects', () => {
    expect(en(signed(DETECTED)).head).toEqual([{ label: 'Log position', value: expect.stringMatching(/^42: /) }]);
    expect(en(signed(DETECTED)).footer).toContain('log position 42');
  });
});
