import { randomUUID } from 'node:crypto';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

const FLAG = 'transfer outside the EEA without a Chapter V safeguard (Art. 44)';

/**
 * Issue 20, point 3: the Art. 30 record names third countries. Each recipient, declared or
 * observed, comes with its country, whether that is outside the EEA, and the safeguard (as the
 * share stated it, else as the register says); a transfer outside the EEA without a safeguard
 * is flagged, and the findings say the same.
 */
describe('the Art. 30 record names third countries (GET /v1/records-of-processing)', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  let position = 0;

  const at = '2025-03-01T10:00:00Z';
  const subject = (externalId: string) => ({ system: 'crm', externalId });
  const fact = (type: string, ref: Record<string, unknown>, data: Record<string, unknown>) => ({ id: randomUUID(), type, occurredAt: at, ...ref, data });
  const collect = (externalId: string, purpose: string) =>
    fact(
      'PersonalDataCollected',
      { subject: subject(externalId) },
      { categories: ['user.contact.email', 'user.name'], purpose, legalBasis: 'contract', source: 'data-subject', system: 'crm' },
    );
  const share = (externalId: string, recipientId: string, purpose: string, transfer?: { country: string; safeguard: string }) =>
    fact(
      'PersonalDataSharedWithProcessor',
      { subject: subject(externalId) },
      { recipientId, categories: ['user.contact.email'], purpose, legalBasis: 'contract', ...(transfer ? { transfer } : {}) },
    );
  const record = async (query = '') => {
    const res = await api.get(`/v1/records-of-processing?minPosition=${position}${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    ledger = await startLedger();
    api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'art 30 test' });
    const res = await api.post('/v1/events/batch', {
      events: [
        fact('RecipientRegistered', { recipientId: 'shenzhen-support' }, { name: 'Shenzhen Support Ltd', role: 'processor', country: 'CN' }),
        fact('RecipientRegistered', { recipientId: 'us-mailer' }, { name: 'US Mailer Inc', role: 'processor', country: 'US', safeguard: 'dpf' }),
        fact('RecipientRegistered', { recipientId: 'nl-hosting' }, { name: 'NL Hosting B.V.', role: 'processor', country: 'NL' }),
        fact(
          'ProcessingActivityDeclared',
          { activityId: 'customer-service' },
          {
            name: 'Customer service',
            purposes: ['service'],
            legalBasis: 'contract',
            subjectCategories: ['customers'],
            categories: ['user.contact.email', 'user.name'],
            recipientIds: ['nl-hosting', 'us-mailer'],
            retention: 'two years after the contract',
            securityMeasures: 'encryption at rest',
          },
        ),
        collect('C-1', 'service'),
        share('C-1', 'nl-hosting', 'service'),
        // A declared recipient, but this share says the data went to China, without a safeguard.
        share('C-1', 'us-mailer', 'service', { country: 'CN', safeguard: 'none' }),
        collect('C-2', 'support'),
        // Undeclared: the share states no transfer, so the register's CN (and no safeguard) counts.
        share('C-2', 'shenzhen-support', 'support'),
        share('C-2', 'us-mailer', 'support'),
      ],
    });
    expect(res.status).toBe(201);
    position = Math.max(...res.body.events.map((e: { position: number }) => e.position));
  });
  afterAll(() => ledger.close());

  it('flags the data shared with a recipient in CN without a safeguard, in undeclared processing', async () => {
    const { undeclaredProcessing } = await record();
    expect(undeclaredProcessing).toEqual([
      expect.objectContaining({
        purpose: 'support',
        systems: ['crm'],
        events: 3,
        recipients: [
          { recipientId: 'shenzhen-support', name: 'Shenzhen Support Ltd', role: 'processor', country: 'CN', outsideEea: true, flag: FLAG },
          { recipientId: 'us-mailer', name: 'US Mailer Inc', role: 'processor', country: 'US', outsideEea: true, safeguard: 'dpf' },
        ],
      }),
    ]);
  });

  it("lists a declared activity's recipients with country and safeguard, and flags the transfer a share stated without one", async () => {
    const [activity] = (await record()).activities;
    expect(activity.recipients).toEqual([
      expect.objectContaining({ recipientId: 'nl-hosting', country: 'NL', outsideEea: false }),
      expect.objectContaining({ recipientId: 'us-mailer', country: 'US', outsideEea: true, safeguard: 'dpf' }),
    ]);
    expect(activity.recipients.filter((r: { flag?: string }) => r.flag)).toEqual([]);
    expect(activity.transfers).toEqual([{ country: 'CN', safeguard: 'none', recipientId: 'us-mailer', observed: true, flag: FLAG }]);
    expect(activity.observedBeyondDeclaration).toEqual({ categories: [], recipients: [] });
  });

  it('says what the findings say: the same recipients lack a safeguard', async () => {
    const findings = (await api.get(`/v1/findings?rule=transfer-without-safeguard&minPosition=${position}`)).body.findings;
    expect(findings.map((f: { detail: { recipientId: string; country: string } }) => `${f.detail.recipientId}:${f.detail.country}`).sort()).toEqual([
      'shenzhen-support:CN',
      'us-mailer:CN',
    ]);
  });

  it('pages the undeclared processing by purpose, and refuses a cursor it did not give', async () => {
    const more = await api.post('/v1/events/batch', { events: ['analytics', 'profiling', 'resale'].map((purpose) => collect('C-3', purpose)) });
    expect(more.status).toBe(201);
    position = Math.max(...more.body.events.map((e: { position: number }) => e.position));
    const first = await record('&limit=2');
    expect(first.undeclaredProcessing.map((u: { purpose: string }) => u.purpose)).toEqual(['analytics', 'profiling']);
    expect(first.activities).toHaveLength(1);
    const second = await record(`&limit=2&cursor=${first.next}`);
    expect(second.undeclaredProcessing.map((u: { purpose: string }) => u.purpose)).toEqual(['resale', 'support']);
    expect(second.next).toBeUndefined();
    const refused = await api.get('/v1/records-of-processing?cursor=garbage');
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('cursor');
    expect((await api.get('/v1/records-of-processing?limit=0')).status).toBe(400);
  });
});
