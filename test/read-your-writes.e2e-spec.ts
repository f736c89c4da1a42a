import { randomUUID } from 'node:crypto';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

/** A caller who passes the position its append returned reads a model that includes its write, wherever the read side folds. */
describe.each(['worker', 'main'])('read-your-writes with ?minPosition= (read side in the %s thread)', (thread) => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_READ_SIDE_THREAD: thread });
    api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'compliance test' });
  });
  afterAll(() => ledger.close());

  it('shows each write in the data map read right after it', async () => {
    const subject = { system: 'crm', externalId: `C-${randomUUID()}` };
    const categories = ['user.name', 'user.contact.email', 'user.device.ip_address'];
    for (const [i, category] of categories.entries()) {
      const write = await api.post(
        '/v1/events',
        example('PersonalDataCollected', {
          subject,
          data: { categories: [category], purpose: `p${i}`, legalBasis: 'contract', source: 'data-subject', system: 'crm' },
        }),
      );
      const read = await api.get(`/v1/subjects/${write.body.subjectId}/data-map?minPosition=${write.body.position}`);
      expect(read.status).toBe(200);
      expect(read.body.categories.map((c: { category: string }) => c.category)).toEqual(categories.slice(0, i + 1).sort());
    }
  });

  it('shows a write in a read made after it without minPosition too', async () => {
    const subject = { system: 'crm', externalId: `C-${randomUUID()}` };
    const write = await api.post(
      '/v1/events',
      example('PersonalDataCollected', {
        subject,
        data: { categories: ['user.name'], purpose: 'p', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
      }),
    );
    expect(write.status).toBe(201);
    const read = await api.get(`/v1/subjects/${write.body.subjectId}/data-map`);
    expect(read.status).toBe(200);
    expect(read.body.categories.map((c: { category: string }) => c.category)).toEqual(['user.name']);
  });

  it('shows a new breach in the register read right after it', async () => {
    const breachId = `B-${randomUUID()}`;
    const write = await api.post('/v1/events', example('BreachDetected', { breachId }));
    const read = await api.get(`/v1/breaches/${breachId}?minPosition=${write.body.position}`);
    expect(read.status).toBe(200);
    expect(read.body.breachId).toBe(breachId);
  });

  it('refuses a minPosition that is not a whole number', async () => {
    const res = await api.get('/v1/findings?minPosition=soon');
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual(expect.objectContaining({ path: 'minPosition' }));
  });
});
