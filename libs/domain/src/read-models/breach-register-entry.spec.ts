import { event } from '../testing/facts';
import { FOLD_LIMITS } from '../limits/fold-limits';
import { emptyBreach, evolveBreach, linkSubject } from './breach-record';
import { breachRegisterEntry } from './breach-register-entry';
import { fromStoredJson, toStoredJson } from './stored-json';

const AWARE = '2025-10-01T08:00:00Z';
const detected = event(
  'BreachDetected',
  {
    awareAt: AWARE,
    nature: ['confidentiality'],
    description: 'mailbox taken over',
    categories: ['user.contact.email'],
    approxSubjects: 100,
    approxRecords: 150,
    ongoing: false,
  },
  AWARE,
  'breach-B',
);

describe('breach register entry', () => {
  it("counts subject links apart from the DPO's facts: how many subjects, and only the categories the DPO did not name", () => {
    const b = evolveBreach(emptyBreach('B', AWARE), detected);
    linkSubject(b, ['user.contact.email', 'user.biometric'], true);
    linkSubject(b, ['user.biometric'], false);
    linkSubject(b, ['user.health'], true);
    const entry = breachRegisterEntry(fromStoredJson(toStoredJson(b)), new Date(AWARE));
    expect(entry.facts).toMatchObject({ categories: ['user.contact.email'], approxSubjects: 100 });
    expect(entry.linkedBySystems).toEqual({ subjects: 2, otherCategories: ['user.biometric', 'user.health'] });
  });

  it(`keeps at most ${FOLD_LIMITS.linkedCategoriesPerBreach} linked categories and counts the rest`, () => {
    const b = evolveBreach(emptyBreach('B', AWARE), detected);
    for (let i = 0; i < 1000; i++) linkSubject(b, [`custom.c${i}`, `custom.d${i}`], true);
    const entry = breachRegisterEntry(b, new Date(AWARE));
    expect(entry.linkedBySystems.subjects).toBe(1000);
    expect(entry.linkedBySystems.otherCategories).toHaveLength(FOLD_LIMITS.linkedCategoriesPerBreach);
    expect(entry.linkedBySystems.overLimit).toEqual({ linkedCategoriesPerBreach: 2000 - FOLD_LIMITS.linkedCategoriesPerBreach });
  });
});
