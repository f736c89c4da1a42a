import { eventually } from './support/eventually';
import { fact } from './support/facts';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

/**
 * Issue 20: the erasure (GET /v1/subjects/:id/erasure, what the ledger shreds by) and the
 * findings (GET /v1/findings) answer Art. 19 by one rule, over HTTP too. One subject per order
 * of request, notice and erasure; in each, the keys are shredded exactly when no
 * erasure-not-propagated finding is open.
 */
type Step = 'request' | 'erasure' | 'erasure without request' | 'notice' | 'notice without request' | 'notice for another request';

const ORDERS: { steps: Step[]; told: boolean }[] = [
  // The bug: the decider shredded while the findings kept cpanel open.
  { steps: ['request', 'notice', 'erasure'], told: true },
  { steps: ['request', 'erasure', 'notice'], told: true },
  { steps: ['notice', 'request', 'erasure'], told: true },
  { steps: ['request', 'notice without request', 'erasure'], told: true },
  { steps: ['notice without request', 'request', 'erasure'], told: false },
  { steps: ['request', 'erasure', 'notice for another request'], told: false },
  { steps: ['erasure without request', 'notice without request'], told: true },
  { steps: ['notice without request', 'erasure without request'], told: false },
];

describe('Art. 19 over HTTP: the erasure and the findings agree', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: '2025-06-01T00:00:00Z' });
    api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'Art. 19 agreement test' });
  });
  afterAll(() => ledger.close());

  it.each(ORDERS.map(({ steps, told }) => [steps.join(' → '), steps, told] as const))('%s', async (name, steps, told) => {
    const subject = { system: 'customer-portal', externalId: `C-${name.replace(/[^a-z]+/g, '-')}` };
    const requestId = `R-${subject.externalId}`;
    const at = (i: number) => new Date(Date.UTC(2025, 1, 1 + i, 10)).toISOString();
    const step = (s: Step, i: number) => {
      const occurredAt = at(i);
      switch (s) {
        case 'request':
          return fact('SubjectRequestReceived', { subject, occurredAt, data: { requestId, right: 'erasure' } });
        case 'erasure':
        case 'erasure without request':
          // No data.system: it is the subject's system.
          return fact('PersonalDataErased', {
            subject,
            occurredAt,
            data: { ground: 'subject-request', categories: ['user.name', 'user.contact.email'], ...(s === 'erasure' ? { requestId } : {}) },
          });
        case 'notice':
        case 'notice without request':
        case 'notice for another request':
          return fact('RecipientNotifiedOfErasure', {
            subject,
            occurredAt,
            data: { recipientId: 'cpanel', ...(s === 'notice' ? { requestId } : s === 'notice for another request' ? { requestId: 'R-OTHER' } : {}) },
          });
      }
    };
    const facts = [
      fact('PersonalDataCollected', {
        subject,
        occurredAt: '2024-01-01T00:00:00Z',
        data: { categories: ['user.name', 'user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' },
        personal: { email: 'klant@example.nl' },
      }),
      fact('PersonalDataSharedWithProcessor', {
        subject,
        occurredAt: '2024-01-02T00:00:00Z',
        data: { recipientId: 'cpanel', categories: ['user.name'], purpose: 'hosting', legalBasis: 'contract' },
      }),
      ...steps.map(step),
    ];
    const recorded = await api.post('/v1/events/batch', { events: facts });
    expect(recorded.status).toBe(201);
    const subjectId = recorded.body.events[0].subjectId;
    const position = Math.max(...recorded.body.events.map((e: { position: number }) => e.position));

    const erasure = await eventually(async () => {
      const res = await api.get(`/v1/subjects/${subjectId}/erasure`);
      return ['shredded', 'awaiting-recipients'].includes(res.body.state) ? res.body : undefined;
    }, `the erasure of "${name}" to be shredded or to wait for cpanel`);
    const findings = await api.get(`/v1/findings?subjectId=${subjectId}&rule=erasure-not-propagated&minPosition=${position}`);
    expect(findings.status).toBe(200);
    const open = findings.body.findings
      .filter((f: { status: string }) => f.status === 'open')
      .map((f: { detail: { recipientId: string } }) => f.detail.recipientId);

    expect(erasure.state).toBe(told ? 'shredded' : 'awaiting-recipients');
    expect(erasure.awaitingRecipients).toEqual(told ? [] : ['cpanel']);
    expect(open).toEqual(erasure.awaitingRecipients);
    if (told) {
      expect(erasure.shreddedGroups).toEqual(['identity', 'contact', 'fiscal']);
      // The shredding is in the log, and the findings still have nothing open for it.
      const after = await api.get(`/v1/findings?subjectId=${subjectId}&rule=erasure-not-propagated&status=open&minPosition=${position + 1}`);
      expect(after.body.findings).toEqual([]);
    }
  });
});
