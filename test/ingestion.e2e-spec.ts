import { randomUUID } from 'node:crypto';
import { EMITTABLE_EVENT_TYPES } from '@ledger/domain';
import { BROKEN_EXAMPLES, VALID_EXAMPLES, example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

describe('ingestion API (POST /v1/events, /v1/events/batch)', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  /** The log's head position: unchanged means nothing was written. */
  const head = async () => (await api.get('/health/ready')).body.head as number;

  beforeAll(async () => {
    ledger = await startLedger();
    api = client(ledger.url, ledger.auth);
    // The breach the examples' PersonalDataBreached names must be recorded first.
    expect((await api.post('/v1/events', example('BreachDetected'))).status).toBe(201);
  });
  afterAll(() => ledger.close());

  it('has a valid example and a broken one for every emittable type', () => {
    expect(Object.keys(VALID_EXAMPLES).sort()).toEqual([...EMITTABLE_EVENT_TYPES].sort());
    expect(Object.keys(BROKEN_EXAMPLES).sort()).toEqual([...EMITTABLE_EVENT_TYPES].sort());
  });

  describe.each(EMITTABLE_EVENT_TYPES.map((t) => [t]))('%s', (type) => {
    it('is accepted with a valid payload', async () => {
      const fact = example(type);
      const res = await api.post('/v1/events', fact);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ id: fact.id, revision: expect.any(Number), position: expect.any(Number) });
      expect(res.body.stream).toMatch(/^(subject|breach|recipient|activity)-/);
    });

    it('is refused with a broken payload, naming the problem and writing nothing', async () => {
      const before = await head();
      const fact = example(type);
      const res = await api.post('/v1/events', { ...fact, data: BROKEN_EXAMPLES[type].data(fact.data as Record<string, unknown>) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(BROKEN_EXAMPLES[type].path);
      expect(await head()).toBe(before);
    });
  });

  describe('idempotency', () => {
    it('answers a retry with the same id and content with 200 and the original result, writing nothing', async () => {
      const fact = example('PersonalDataCollected');
      const first = await api.post('/v1/events', fact);
      expect(first.status).toBe(201);
      const before = await head();
      // Same content, keys in another order: still the same fact.
      const reordered = Object.fromEntries(Object.entries(fact).reverse());
      const retry = await api.post('/v1/events', reordered);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(await head()).toBe(before);
    });

    it('answers 409 when an id is reused with other content, writing nothing', async () => {
      const fact = example('ObjectionRecorded');
      expect((await api.post('/v1/events', fact)).status).toBe(201);
      const before = await head();
      const reused = await api.post('/v1/events', { ...fact, data: { purpose: 'profiling' } });
      expect(reused.status).toBe(409);
      expect(reused.body).toMatchObject({ statusCode: 409, error: 'Conflict', details: { id: fact.id } });
      const otherPersonal = await api.post('/v1/events', { ...example('PersonalDataCollected'), id: fact.id });
      expect(otherPersonal.status).toBe(409);
      expect(await head()).toBe(before);
    });

    it('answers 409 when personal values differ under a reused id', async () => {
      const fact = example('PersonalDataCollected');
      expect((await api.post('/v1/events', fact)).status).toBe(201);
      const res = await api.post('/v1/events', { ...fact, personal: { email: 'other@example.nl', name: 'Jan Jansen' } });
      expect(res.status).toBe(409);
    });
  });

  describe('envelope validation', () => {
    it.each([
      ['an unknown property', (f: any) => ({ ...f, extra: 1 }), 'extra'],
      ['a missing id', ({ id, ...f }: any) => f, 'id'],
      ['an id that is not a UUID', (f: any) => ({ ...f, id: '42' }), 'id'],
      ['an unknown type', (f: any) => ({ ...f, type: 'PersonalDataSold' }), 'type'],
      ['a ledger-only type', (f: any) => ({ ...f, type: 'SubjectDataShredded' }), 'type'],
      ['an impossible date', (f: any) => ({ ...f, occurredAt: '2025-02-30T10:00:00Z' }), 'occurredAt'],
      ['a date without offset', (f: any) => ({ ...f, occurredAt: '2025-02-01T10:00:00' }), 'occurredAt'],
      ['a subject event without subject', ({ subject, ...f }: any) => f, 'subject'],
      ['a subject event with a breachId', (f: any) => ({ ...f, breachId: 'B-1' }), 'breachId'],
      ['a half subject reference', (f: any) => ({ ...f, subject: { system: 'x' } }), 'subject'],
      ['personal data that is nested', (f: any) => ({ ...f, personal: { address: { street: 'x' } } }), 'personal.address'],
      ['data that is an array', (f: any) => ({ ...f, data: [] }), 'data'],
      ['a null subject', (f: any) => ({ ...f, subject: null }), 'subject'],
      ['a null subjectId', (f: any) => ({ ...f, subject: { subjectId: null } }), 'subject.subjectId'],
      ['a null system', (f: any) => ({ ...f, subject: { system: null, externalId: 'C-1' } }), 'subject.system'],
      ['a null personal', (f: any) => ({ ...f, personal: null }), 'personal'],
      ['a constructor key', (f: any) => ({ ...f, constructor: true }), 'constructor'],
      ['a constructor key in the subject', (f: any) => ({ ...f, subject: { ...f.subject, constructor: 'x' } }), 'subject.constructor'],
    ])('refuses %s', async (_, mutate, path) => {
      const before = await head();
      const res = await api.post('/v1/events', mutate(example('PersonalDataCollected')));
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
      expect(await head()).toBe(before);
    });

    it.each([
      ['breachId', 'BreachDetected'],
      ['recipientId', 'RecipientRegistered'],
      ['activityId', 'ProcessingActivityDeclared'],
    ])('refuses a null %s instead of recording it on a stream named after null', async (key, type) => {
      const before = await head();
      const res = await api.post('/v1/events', { ...example(type), [key]: null });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(key);
      expect(await head()).toBe(before);
    });

    it('refuses personal data on a breach event', async () => {
      const res = await api.post('/v1/events', { ...example('BreachDetected'), personal: { name: 'x' } });
      expect(res.status).toBe(400);
      expect(res.body.details).toContainEqual({ path: 'personal', message: expect.stringContaining('subject events') });
    });

    it('answers broken JSON with a 400 JSON error', async () => {
      const res = await api.post('/v1/events', '{"id": ');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
    });

    it('names an unknown subjectId as bad input', async () => {
      const res = await api.post('/v1/events', example('ConsentWithdrawn', { subject: { subjectId: randomUUID() } }));
      expect(res.status).toBe(400);
      expect(res.body.details).toContainEqual(expect.objectContaining({ path: 'subject.subjectId' }));
    });
  });

  describe('batches', () => {
    it('appends every event of a valid batch atomically, in order', async () => {
      const externalId = `C-${randomUUID()}`;
      const events = [
        example('PersonalDataCollected', { subject: { system: 'crm', externalId } }),
        example('ConsentGiven', { subject: { system: 'crm', externalId } }),
        example('BreachDetected', { breachId: `B-${randomUUID()}` }),
      ];
      const res = await api.post('/v1/events/batch', { events });
      expect(res.status).toBe(201);
      expect(res.body.events.map((e: { id: string }) => e.id)).toEqual(events.map((e) => e.id));
      const [a, b, c] = res.body.events;
      expect(a.subjectId).toBe(b.subjectId);
      expect([a.revision, b.revision]).toEqual([0, 1]);
      expect(a.position).toBeLessThan(b.position);
      expect(b.position).toBeLessThan(c.position);
      const retry = await api.post('/v1/events/batch', { events });
      expect(retry.status).toBe(200);
      expect(retry.body.events.every((e: { duplicate: boolean }) => e.duplicate)).toBe(true);
    });

    it('refuses a batch with bad items, listing each by index, and writes none of it', async () => {
      const before = await head();
      const events = [
        example('ConsentGiven'),
        example('ConsentGiven', { data: {} }),
        example('BreachAssessed'),
        example('RecipientRegistered', { data: { name: 'x', role: 'friend', country: 'NL' } }),
        'not an event',
      ];
      const res = await api.post('/v1/events/batch', { events });
      expect(res.status).toBe(400);
      const indexes = [...new Set(res.body.details.map((d: { index: number }) => d.index))];
      expect(indexes).toEqual([1, 3, 4]);
      expect(res.body.details).toContainEqual({ index: 1, path: 'data.purpose', message: 'is required' });
      expect(await head()).toBe(before);
    });

    it('refuses a batch that repeats an id', async () => {
      const fact = example('ConsentGiven');
      const res = await api.post('/v1/events/batch', { events: [fact, example('ConsentGiven'), fact] });
      expect(res.status).toBe(400);
      expect(res.body.details).toContainEqual({ index: 2, path: 'id', message: 'repeats the id of events[0]' });
    });

    it('refuses an empty batch and one over 1000 events', async () => {
      expect((await api.post('/v1/events/batch', { events: [] })).status).toBe(400);
      const big = Array.from({ length: 1001 }, () => example('ConsentGiven'));
      const res = await api.post('/v1/events/batch', { events: big });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('1 to 1000');
    });

    it('writes nothing of a batch when one id conflicts with a stored fact', async () => {
      const stored = example('ConsentWithdrawn');
      expect((await api.post('/v1/events', stored)).status).toBe(201);
      const before = await head();
      const res = await api.post('/v1/events/batch', {
        events: [example('ConsentGiven'), { ...stored, data: { purpose: 'other' } }],
      });
      expect(res.status).toBe(409);
      expect(res.body.details).toEqual({ id: stored.id, index: 1 });
      expect(await head()).toBe(before);
    });
  });

  describe('GET /v1/subjects/:subjectId/events', () => {
    const purpose = { 'x-purpose': 'ingestion test' };

    it("shows a subject's stored facts, decrypted, a page at a time", async () => {
      const externalId = `C-${randomUUID()}`;
      const ref = { subject: { system: 'customer-portal', externalId } };
      const events = [
        example('PersonalDataCollected', { ...ref, personal: { email: 'piet@example.nl', name: 'Piet' } }),
        example('SubjectRequestReceived', ref),
        example('SubjectRequestRejected', ref),
      ];
      const recorded = await api.post('/v1/events/batch', { events });
      const subjectId = recorded.body.events[0].subjectId;
      const first = await api.get(`/v1/subjects/${subjectId}/events?limit=2`, purpose);
      expect(first.status).toBe(200);
      expect(first.body.events).toHaveLength(2);
      expect(first.body.events[0]).toMatchObject({
        id: events[0].id,
        type: 'PersonalDataCollected',
        occurredAt: '2025-01-01T10:00:00.000Z',
        subject: { subjectId, system: 'customer-portal', externalId },
        personal: { email: 'piet@example.nl', name: 'Piet' },
      });
      const second = await api.get(`/v1/subjects/${subjectId}/events?limit=2&after=${first.body.next}`, purpose);
      expect(second.body.events.map((e: { type: string }) => e.type)).toEqual(['SubjectRequestRejected']);
      expect(second.body.events[0].data.reason).toBe('manifestly unfounded');
      expect(second.body.next).toBeUndefined();
    });

    it('answers 404 for an unknown subject and 400 for a malformed id or paging', async () => {
      expect((await api.get(`/v1/subjects/${randomUUID()}/events`, purpose)).status).toBe(404);
      expect((await api.get('/v1/subjects/not-a-uuid/events', purpose)).status).toBe(400);
      const known = (await api.post('/v1/events', example('ConsentGiven'))).body.subjectId;
      const res = await api.get(`/v1/subjects/${known}/events?limit=0&sort=x`, purpose);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['limit', 'sort']);
    });
  });

  it("serves its OpenAPI document with each type's data schema", async () => {
    const res = await api.get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.paths['/v1/events']).toBeDefined();
    expect(res.body.components.schemas.PersonalDataCollectedData.required).toContain('legalBasis');
  });
});
