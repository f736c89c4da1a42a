import { RESERVED_NAMES } from '../catalog/schemas/fragments';
import { CUSTOM_CATEGORIES_PER_FACT } from '../limits/fold-limits';
import { FactValidator } from './fact-validator';

const validator = new FactValidator();
const subject = { system: 'crm', externalId: 'C-1' };
const fact = (type: string, data: Record<string, unknown>, extra: Record<string, unknown> = { subject }) => ({
  id: '0b6f3c1e-5d1b-4a53-9d39-2a6f0f5f8a10',
  type,
  occurredAt: '2025-01-01T10:00:00Z',
  ...extra,
  data,
});
const problemsAt = (path: string, type: string, data: Record<string, unknown>, extra?: Record<string, unknown>) =>
  validator
    .validate(fact(type, data, extra) as never)
    .filter((p) => p.path === path)
    .map((p) => p.message);

const purpose = (value: unknown) => problemsAt('data.purpose', 'ConsentGiven', { purpose: value });
const legalGround = (value: unknown) =>
  problemsAt('data.retained.0.legalGround', 'PersonalDataErased', {
    ground: 'subject-request',
    system: 'crm',
    categories: ['user.name'],
    retained: [{ categories: ['user.financial'], legalGround: value, until: '2032-12-31' }],
  });
const recipientId = (value: unknown) =>
  problemsAt('data.recipientId', 'PersonalDataSharedWithProcessor', {
    recipientId: value,
    categories: ['user.name'],
    purpose: 'hosting',
    legalBasis: 'contract',
  });

describe('label shapes', () => {
  it('names every member of Object.prototype as reserved', () => {
    expect(RESERVED_NAMES).toEqual(expect.arrayContaining(Object.getOwnPropertyNames(Object.prototype)));
    expect(RESERVED_NAMES).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']));
  });

  describe('identifiers (purpose, request id, consent reference, channel, system, format, policy, …)', () => {
    it.each(['service', 'newsletter', 'R-1002-1', 'awr-52-7y', 'e-mail', 'support-ticket', 'crm.eu:prod/2', '42'])('accepts %s', (value) => {
      expect(purpose(value)).toEqual([]);
    });

    it('accepts 128 characters', () => expect(purpose('x'.repeat(128))).toEqual([]));

    it.each(RESERVED_NAMES.map((n) => [n]))('refuses the reserved name %s', (name) => {
      expect(purpose(name)).toContain('is a reserved name (a member of Object.prototype), not allowed as a label');
    });

    it.each([
      ['a sentence naming someone', 'newsletter marie.curie@example.nl'],
      ['an e-mail address', 'marie.curie@example.nl'],
      ['markup', '<img src=x onerror=alert(1)>'],
      ['a leading space', ' service'],
      ['a leading dash', '-service'],
      ['a line break', 'news\nletter'],
      ['a zero-width space', 'news\u200bletter'],
      ['a look-alike letter', 'sеrvice'],
      ['more than 128 characters', 'x'.repeat(129)],
    ])('refuses %s', (_, value) => {
      expect(purpose(value).length).toBeGreaterThan(0);
    });

    it('says what an identifier is', () => {
      expect(purpose('newsletter for marie')).toEqual([
        'must be an identifier: a letter or digit, then letters, digits, ".", "_", "-", ":" or "/" (no spaces, no "@")',
      ]);
    });

    it('gives ids of other streams the stream-id shape: no "/"', () => {
      expect(recipientId('cpanel')).toEqual([]);
      expect(recipientId('cpanel/eu')).toEqual(['must be an id of letters, digits, ".", "_", ":" or "-", starting with a letter or digit']);
      expect(problemsAt('data.breachId', 'PersonalDataBreached', { breachId: 'constructor', categories: ['user.name'] })).toContain(
        'is a reserved name (a member of Object.prototype), not allowed as a label',
      );
    });
  });

  describe('descriptive labels (legal grounds, names of authorities and recipients, groups of subjects)', () => {
    it.each(['Art. 52 AWR fiscal duty', 'Art. 52 AWR: fiscal retention of invoices', 'cPanel, L.L.C.', 'court order', 'Autoriteit Persoonsgegevens'])(
      'accepts %s',
      (value) => {
        expect(legalGround(value)).toEqual([]);
      },
    );

    it.each([
      ['an e-mail address', 'kept for marie.curie@example.nl'],
      ['a trailing space', 'Art. 52 '],
      ['a line break', 'Art. 52\nAWR'],
      ['a bidi control', 'Art. 52 \u202eRWA'],
      ['more than 200 characters', 'x'.repeat(201)],
      ['a reserved name', 'constructor'],
    ])('refuses %s', (_, value) => {
      expect(legalGround(value).length).toBeGreaterThan(0);
    });

    it('names a recipient with text, but refuses one that is a reserved name', () => {
      expect(problemsAt('data.name', 'RecipientRegistered', { name: 'cPanel, L.L.C.', role: 'processor', country: 'US' }, { recipientId: 'cpanel' })).toEqual(
        [],
      );
      expect(problemsAt('data.name', 'RecipientRegistered', { name: 'valueOf', role: 'processor', country: 'US' }, { recipientId: 'cpanel' }).length).toBe(1);
    });
  });

  describe('categories and personal fields', () => {
    const breached = (categories: string[]) => problemsAt('data.categories', 'PersonalDataBreached', { breachId: 'B-1', categories });

    it(`takes at most ${CUSTOM_CATEGORIES_PER_FACT} categories under the custom prefix per fact, beside fideslang's`, () => {
      const custom = (n: number) => Array.from({ length: n }, (_, i) => `custom.c${i}`);
      expect(breached([...custom(CUSTOM_CATEGORIES_PER_FACT), 'user.name', 'user.contact.email'])).toEqual([]);
      expect(breached(custom(CUSTOM_CATEGORIES_PER_FACT + 1))).toEqual([
        `at most ${CUSTOM_CATEGORIES_PER_FACT} categories under the custom prefix "custom." per fact`,
      ]);
      expect(breached(custom(201))).toEqual(['must NOT have more than 200 items']);
    });

    it('refuses a personal field named like a member of Object.prototype', () => {
      const problems = validator.validate({ ...fact('ConsentGiven', { purpose: 'newsletter' }), personal: { toString: 'x', email: 'a@example.nl' } } as never);
      expect(problems).toEqual([{ path: 'personal.toString', message: 'is a reserved name (a member of Object.prototype)' }]);
    });
  });
});
