import { EMITTABLE_EVENT_TYPES } from '@ledger/domain';
import { envelopeIsValid } from '../apps/ledger/src/ingestion/envelope-check';
import { envelopeProblems } from '../apps/ledger/src/ingestion/fact-inspector';
import { example } from './fixtures/catalog-examples';
import { SeededRandom } from './support/seeded-random';

/**
 * Issue 12, point 4: the compiled envelope check (ajv, the per-event hot loop) and the
 * class-validator DTO must agree on every envelope: the first says yes or no, the second names
 * the problems, and a fact is recorded on the first's yes alone.
 */

const UUID = '3f1c2b4a-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const VALUES: Record<string, unknown[]> = {
  common: [undefined, null, 1, 0, true, '', [], {}, 'x', 'x'.repeat(129), 'constructor', 'toString', '__proto__'],
  id: [
    UUID,
    UUID.toUpperCase(),
    UUID.replace(/-/g, ''),
    '00000000-0000-0000-0000-000000000000',
    '0190b3a2-7c4e-7a1b-9c3d-4e5f6a7b8c9d',
    `${UUID} `,
    `{${UUID}}`,
    'not-a-uuid',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '3f1c2b4a-9d8e-0f7a-8b6c-5d4e3f2a1b0c',
  ],
  type: ['NoSuchType', 'personaldatacollected', 'SubjectDataShredded', 'PersonalDataErased', ...EMITTABLE_EVENT_TYPES],
  occurredAt: [
    '2024-02-30T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-03-01T10:00:00',
    '2024-03-01',
    '2024-03-01T10:00:00+01:00',
    '2024-03-01T10:00:00.123456Z',
    ' 2024-03-01T10:00:00Z',
    '2024-03-01T24:00:00Z',
    '2024-13-01T10:00:00Z',
    '2024-03-01t10:00:00z',
    '2024-03-01T10:00:00+0100',
  ],
  stream: ['B-1', 'B 1', '-B', 'a'.repeat(128), 'a'.repeat(129), 'hasOwnProperty', 'valueOf', 'B:1.2_3', 'ü', 'B/1'],
  subject: [
    {},
    { system: 'crm' },
    { externalId: 'C-1' },
    { system: 'crm', externalId: 'C-1' },
    { system: 'crm', externalId: 'C-1', extra: 1 },
    { subjectId: UUID },
    { subjectId: 'bad' },
    { subjectId: UUID.toUpperCase() },
    { system: '', externalId: 'a' },
    { system: 'a'.repeat(200), externalId: 'b' },
    { system: 'a'.repeat(201), externalId: 'b' },
    { system: ' crm', externalId: 'b' },
    { system: 'crm\u0000', externalId: 'b' },
    { system: 'crm', externalId: 'С-1' },
    { system: 'crm', externalId: '😀'.repeat(200) },
    { system: 'crm', externalId: '😀'.repeat(201) },
    { system: 'crm', externalId: 'a\uFE0F'.repeat(150) },
    { system: 'crm', externalId: 'Ｃ－１' },
    { system: 'crm', externalId: 'C\u200B1' },
    { system: 5, externalId: 'b' },
    { system: null, externalId: 'b' },
    { system: 'crm', externalId: 'C-1', subjectId: UUID },
    [{ system: 'crm', externalId: 'C-1' }],
    null,
    'crm/C-1',
  ],
  data: [{}, [], null, 'x', { categories: [] }],
  personal: [{}, [], null, 'x', { email: 'a@example.nl' }],
};
const FIELDS: Record<string, unknown[]> = {
  id: VALUES.id,
  type: VALUES.type,
  occurredAt: VALUES.occurredAt,
  subject: VALUES.subject,
  breachId: VALUES.stream,
  recipientId: VALUES.stream,
  activityId: VALUES.stream,
  data: VALUES.data,
  personal: VALUES.personal,
};

function withField(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  if (value === undefined) delete copy[key];
  // defineProperty: "__proto__" and "constructor" become own keys, as JSON.parse makes them.
  else Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function envelopes(): Record<string, unknown>[] {
  const all: Record<string, unknown>[] = [];
  for (const type of EMITTABLE_EVENT_TYPES) {
    const base = example(type);
    all.push(base);
    for (const [key, values] of Object.entries(FIELDS)) for (const value of [...values, ...VALUES.common]) all.push(withField(base, key, value));
    for (const extra of ['foo', 'constructor', '__proto__', 'Subject', 'metadata']) all.push(withField(base, extra, {}));
    if (base.subject)
      for (const extra of ['constructor', '__proto__']) all.push(withField(base, 'subject', withField(base.subject as Record<string, unknown>, extra, 'x')));
  }
  // Several fields changed at once, drawn from the same values.
  const random = new SeededRandom(12);
  const keys = [...Object.keys(FIELDS), 'foo'];
  for (let i = 0; i < 3000; i++) {
    let envelope = example(random.pick(EMITTABLE_EVENT_TYPES));
    for (let n = random.int(1, 3); n > 0; n--) {
      const key = random.pick(keys);
      envelope = withField(envelope, key, random.pick([...(FIELDS[key] ?? []), ...VALUES.common]));
    }
    all.push(envelope);
  }
  return all;
}

describe('the compiled envelope check and the class-validator DTO', () => {
  const cases = envelopes();

  it('give the same verdict on every envelope, valid or broken', () => {
    const disagreements = cases
      .map((envelope) => ({ envelope, compiled: envelopeIsValid(envelope), dto: envelopeProblems(envelope) }))
      .filter(({ compiled, dto }) => compiled !== (dto.length === 0));
    expect(disagreements.slice(0, 5)).toEqual([]);
  });

  it('are tried on many of both kinds', () => {
    const accepted = cases.filter((e) => envelopeProblems(e).length === 0).length;
    expect(accepted).toBeGreaterThan(500);
    expect(cases.length - accepted).toBeGreaterThan(2000);
  });

  it('refuse what is not an object at all', () => {
    for (const body of [null, [], 'x', 1, true, undefined]) expect(envelopeIsValid(body)).toBe(false);
  });
});
