import type { LedgerEvent } from '../catalog/event-data';
import { FactValidator } from '../validation/fact-validator';
import { breachExtent } from './breach-extent';
import { emptyBreach, evolveBreach } from './breach-record';

let n = 0;
const event = (type: string, occurredAt: string, data: Record<string, unknown>): LedgerEvent =>
  ({ id: `e${++n}`, type, occurredAt, recordedAt: occurredAt, streamId: 'breach-B', revision: n, position: n, data }) as unknown as LedgerEvent;

const DETECTED = {
  awareAt: '2025-10-01T08:00:00Z',
  startedAt: '2025-09-30T22:00:00Z',
  nature: ['confidentiality'],
  description: 'mailbox taken over',
  categories: ['user.contact.email'],
  subjectCategories: ['customers'],
  approxSubjects: 100,
  approxRecords: 150,
  ongoing: true,
};

describe('breach extent', () => {
  it('is the detected extent until an assessment revises it', () => {
    const b = [
      event('BreachDetected', DETECTED.awareAt, DETECTED),
      event('BreachAssessed', '2025-10-01T12:00:00Z', { risk: 'risk', consequences: 'phishing' }),
    ].reduce(evolveBreach, emptyBreach('B', DETECTED.awareAt));
    expect(breachExtent(b)).toEqual({
      awareAt: DETECTED.awareAt,
      startedAt: DETECTED.startedAt,
      ongoing: true,
      approxSubjects: 100,
      approxRecords: 150,
      categories: ['user.contact.email'],
    });
  });

  it('takes revised counts and an established end from later assessments, field by field', () => {
    const b = [
      event('BreachDetected', DETECTED.awareAt, DETECTED),
      event('BreachAssessed', '2025-10-02T08:00:00Z', { risk: 'risk', consequences: 'phishing', approxSubjects: 240 }),
      event('BreachAssessed', '2025-10-03T08:00:00Z', { risk: 'high', consequences: 'phishing and fraud', endedAt: '2025-10-01T10:00:00Z' }),
      event('BreachAssessed', '2025-10-04T08:00:00Z', { risk: 'high', consequences: 'phishing and fraud' }),
    ].reduce(evolveBreach, emptyBreach('B', DETECTED.awareAt));
    expect(breachExtent(b)).toEqual({
      awareAt: DETECTED.awareAt,
      startedAt: DETECTED.startedAt,
      endedAt: '2025-10-01T10:00:00Z',
      ongoing: false,
      approxSubjects: 240,
      approxRecords: 150,
      categories: ['user.contact.email'],
      revisedAt: '2025-10-03T08:00:00Z',
    });
  });

  it('takes the categories a later assessment names, instead of the detected ones', () => {
    const b = [
      event('BreachDetected', DETECTED.awareAt, DETECTED),
      event('BreachAssessed', '2025-10-02T08:00:00Z', { risk: 'high', consequences: 'fraud', categories: ['user.name', 'user.contact.email'] }),
      event('BreachAssessed', '2025-10-03T08:00:00Z', { risk: 'high', consequences: 'fraud', approxSubjects: 300 }),
    ].reduce(evolveBreach, emptyBreach('B', DETECTED.awareAt));
    expect(breachExtent(b)).toMatchObject({ approxSubjects: 300, categories: ['user.contact.email', 'user.name'], revisedAt: '2025-10-03T08:00:00Z' });
  });

  it('is unknown before the breach is detected', () => {
    expect(breachExtent(emptyBreach('B', DETECTED.awareAt))).toBeUndefined();
  });

  it('is accepted by the catalog: subject categories, revised extents and phase details', () => {
    const validator = new FactValidator();
    const fact = (type: string, data: unknown) => ({
      id: '0b6f3c1e-5d1b-4a53-9d39-2a6f0f5f8a10',
      type,
      occurredAt: '2025-10-02T08:00:00Z',
      breachId: 'B',
      data,
    });
    expect(validator.validate(fact('BreachDetected', DETECTED))).toEqual([]);
    expect(
      validator.validate(fact('BreachAssessed', { risk: 'risk', consequences: 'x', approxSubjects: 240, approxRecords: 300, endedAt: '2025-10-01T10:00:00Z' })),
    ).toEqual([]);
    expect(validator.validate(fact('AuthorityNotified', { authority: 'nl-ap', phase: 'initial', pendingInformation: 'the number of subjects' }))).toEqual([]);
    expect(validator.validate(fact('BreachDetected', { ...DETECTED, subjectCategories: [] }))).not.toEqual([]);
  });
});
