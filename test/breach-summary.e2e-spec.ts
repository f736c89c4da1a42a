import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PublicSigningKey } from '@ledger/vault';
import { breachFact, detection } from './support/breach-facts';
import { factRecorder } from './support/fact-recorder';
import { client } from './support/http';
import { getBytes } from './support/http-bytes';
import { RunningLedger, startLedger } from './support/ledger-server';
import { pdfText } from './support/pdf-text';

const NOW = '2026-03-01T12:00:00Z';
const PROFILE = join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json');

/**
 * GET /v1/breaches/:breachId/summary over a real server: a breach's whole lifecycle in phases,
 * a late notification, an Art. 34(3) exemption, the three formats, and what a summary must
 * never contain.
 */
describe('breach summaries (GET /v1/breaches/:breachId/summary)', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  const facts = factRecorder(() => api);
  const { record } = facts;
  const summaryOf = async (breachId: string) => {
    const res = await api.get(`/v1/breaches/${breachId}/summary?minPosition=${facts.position}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: NOW, LEDGER_CONTROLLER_PROFILE: PROFILE });
    // The profile's documents are in Dutch; these tests read the English ones.
    api = client(ledger.url, { ...ledger.auth, 'accept-language': 'en' });
  });
  afterAll(() => ledger.close());

  describe('a breach notified in phases: initial, follow-up, final', () => {
    const B = 'B-2026-LIFE';
    const customers = [
      { externalId: 'C-7701', personal: { name: 'Anna de Vries', email: 'anna.devries@example.nl' } },
      { externalId: 'C-7702', personal: { name: 'Bram Jansen', email: 'bram.jansen@example.nl' } },
    ];
    const subjectIds: string[] = [];

    beforeAll(async () => {
      for (const c of customers) {
        const subject = { system: 'support-desk', externalId: c.externalId };
        const collected = await record({
          id: randomUUID(),
          type: 'PersonalDataCollected',
          occurredAt: '2025-01-01T10:00:00Z',
          subject,
          data: { categories: ['user.name', 'user.contact.email'], purpose: 'support', legalBasis: 'contract', source: 'data-subject', system: 'support-desk' },
          personal: c.personal,
        });
        subjectIds.push(collected.subjectId);
      }
    });

    it('is the initial notification still due while only detected: ongoing, not assessed, with the hours left', async () => {
      await record(
        detection(B, '2026-02-27T12:00:00Z', {
          startedAt: '2026-02-27T02:00:00Z',
          nature: ['confidentiality', 'integrity'],
          description: 'A support mailbox was taken over; mails with customer contact details were read and forwarding rules altered.',
          categories: ['user.contact.email', 'user.name'],
          subjectCategories: ['customers'],
          approxSubjects: 400,
          approxRecords: 650,
          ongoing: true,
          detectedBy: 'mail provider alert',
        }),
      );
      // The support desk links its customers to the breach (once it is recorded).
      for (const c of customers) {
        const subject = { system: 'support-desk', externalId: c.externalId };
        await record({
          id: randomUUID(),
          type: 'PersonalDataBreached',
          occurredAt: '2026-02-27T12:00:00Z',
          subject,
          data: { breachId: B, categories: ['user.name', 'user.contact.email'] },
        });
      }
      const { summary } = await summaryOf(B);
      expect(summary.notification).toMatchObject({
        type: 'initial',
        notifiable: true,
        status: 'not-notified',
        dueAt: '2026-03-02T12:00:00.000Z',
        hoursLeft: 24,
        late: false,
        phases: [],
      });
      expect(summary.nature).toMatchObject({ ongoing: true, durationHours: 58 });
      expect(summary.consequences).toEqual({ risk: 'not-assessed' });
    });

    it('is the initial notification once made in time, saying what is still to follow', async () => {
      await record(
        breachFact(B, 'BreachMeasuresTaken', '2026-02-27T14:00:00Z', {
          measures: 'Mailbox password reset, sessions revoked, forwarding rules removed.',
          status: 'taken',
        }),
      );
      await record(
        breachFact(B, 'BreachAssessed', '2026-02-27T16:00:00Z', {
          risk: 'high',
          consequences: 'Targeted phishing of the customers concerned; their support history is known to the attacker.',
          measuresInPlace: 'Mailbox protected by a password only; TLS in transit.',
        }),
      );
      await record(
        breachFact(B, 'BreachMeasuresTaken', '2026-02-27T17:00:00Z', { measures: 'Two-factor authentication for every support mailbox.', status: 'proposed' }),
      );
      await record(
        breachFact(B, 'AuthorityNotified', '2026-02-28T09:00:00Z', {
          authority: 'nl-ap',
          phase: 'initial',
          reference: 'AP-2026-0228-03',
          pendingInformation: 'The number of customers whose mails were read.',
        }),
      );
      const { summary } = await summaryOf(B);
      expect(summary.notification).toMatchObject({
        type: 'initial',
        status: 'notified',
        late: false,
        notifiedAt: '2026-02-28T09:00:00.000Z',
        hoursAfterAwareness: 21,
        pendingInformation: 'The number of customers whose mails were read.',
      });
      expect(summary.notification.hoursLeft).toBeUndefined();
      expect(summary.subjectCommunication).toEqual({ required: true, status: 'not-notified' });
    });

    it('is the follow-up with the revised extent once the investigation knows more', async () => {
      await record(
        breachFact(B, 'BreachAssessed', '2026-02-28T18:00:00Z', {
          risk: 'high',
          consequences: 'Targeted phishing of the customers concerned; their support history is known to the attacker.',
          approxSubjects: 520,
          approxRecords: 800,
          endedAt: '2026-02-27T13:00:00Z',
        }),
      );
      await record(
        breachFact(B, 'AuthorityNotified', '2026-02-28T20:00:00Z', {
          authority: 'nl-ap',
          phase: 'follow-up',
          reference: 'AP-2026-0228-03',
          pendingInformation: 'The forensic report on the altered rules.',
        }),
      );
      const { summary } = await summaryOf(B);
      expect(summary.notification).toMatchObject({
        type: 'follow-up',
        notifiedAt: '2026-02-28T09:00:00.000Z',
        pendingInformation: 'The forensic report on the altered rules.',
      });
      expect(summary.notification.phases.map((p: any) => [p.phase, p.hoursAfterAwareness])).toEqual([
        ['initial', 21],
        ['follow-up', 32],
      ]);
      expect(summary.affected).toMatchObject({ approxSubjects: 520, approxRecords: 800, estimateRevisedAt: '2026-02-28T18:00:00.000Z' });
      expect(summary.nature).toMatchObject({ ongoing: false, endedAt: '2026-02-27T13:00:00.000Z', durationHours: 11 });
    });

    it('is the final notification, with the subjects told and the breach closed', async () => {
      await record(breachFact(B, 'SubjectsNotified', '2026-03-01T08:00:00Z', { channel: 'email', approxSubjects: 520 }));
      await record(breachFact(B, 'AuthorityNotified', '2026-03-01T10:00:00Z', { authority: 'nl-ap', phase: 'final', reference: 'AP-2026-0228-03' }));
      await record(breachFact(B, 'BreachClosed', '2026-03-01T11:00:00Z', { summary: 'Notified in time; two-factor log-in rolled out.' }));
      const { summary } = await summaryOf(B);
      expect(summary.notification.type).toBe('final');
      expect(summary.notification.pendingInformation).toBeUndefined();
      expect(summary.subjectCommunication).toEqual({
        required: true,
        status: 'notified',
        notifiedAt: '2026-03-01T08:00:00.000Z',
        channel: 'email',
        approxSubjects: 520,
      });
      expect(summary.closure).toEqual({ closedAt: '2026-03-01T11:00:00.000Z', summary: 'Notified in time; two-factor log-in rolled out.' });
      expect((await api.get(`/v1/breaches/${B}?minPosition=${facts.position}`)).body.findings).toEqual([]);
    });

    it('holds every Art. 33(3)(a)-(d) item', async () => {
      const { summary } = await summaryOf(B);
      // (a) the nature of the breach ...
      expect(summary.breachId).toBe(B);
      expect(summary.nature.types).toEqual(['confidentiality', 'integrity']);
      expect(summary.nature.description).toBe('A support mailbox was taken over; mails with customer contact details were read and forwarding rules altered.');
      expect(summary.nature.startedAt).toBe('2026-02-27T02:00:00.000Z');
      expect(summary.nature.endedAt).toBe('2026-02-27T13:00:00.000Z');
      expect(summary.nature.awareAt).toBe('2026-02-27T12:00:00.000Z');
      expect(summary.nature.detectedBy).toBe('mail provider alert');
      // ... the categories and approximate number of data subjects ...
      expect(summary.affected.subjectCategories).toEqual(['customers']);
      expect(summary.affected.approxSubjects).toBe(520);
      // The subjects the support desk linked are counted in the register, apart from the DPO's estimate, and not sent.
      expect(summary.affected).not.toHaveProperty('linkedSubjects');
      expect((await api.get(facts.fresh(`/v1/breaches/${B}`))).body.linkedBySystems).toEqual({ subjects: 2, otherCategories: [] });
      // ... and the categories and approximate number of personal data records concerned.
      expect(summary.affected.dataCategories).toEqual(['user.contact.email', 'user.name']);
      expect(summary.affected.approxRecords).toBe(800);
      // (b) the name and contact details of the DPO or other contact point.
      expect(summary.dpo).toEqual({ name: 'Functionaris gegevensbescherming', email: 'fg@hostinghuis.example', phone: '+31 30 000 0001' });
      expect(summary.reporter).toEqual({ name: 'Security officer', email: 'security@hostinghuis.example', phone: '+31 30 000 0002' });
      expect(summary.controller).toMatchObject({
        name: 'HostingHuis B.V. (example profile)',
        address: expect.stringContaining('Utrecht'),
        contact: { email: 'privacy@hostinghuis.example' },
      });
      expect(summary.notification.supervisoryAuthority).toMatchObject({ id: 'nl-ap', name: 'Autoriteit Persoonsgegevens', country: 'NL' });
      // (c) the likely consequences.
      expect(summary.consequences).toEqual({
        risk: 'high',
        description: 'Targeted phishing of the customers concerned; their support history is known to the attacker.',
        assessedAt: '2026-02-28T18:00:00.000Z',
      });
      // (d) the measures taken or proposed, including those to mitigate its effects; and those in place before.
      expect(summary.measures.taken).toEqual([
        { at: '2026-02-27T14:00:00.000Z', description: 'Mailbox password reset, sessions revoked, forwarding rules removed.' },
      ]);
      expect(summary.measures.proposed).toEqual([{ at: '2026-02-27T17:00:00.000Z', description: 'Two-factor authentication for every support mailbox.' }]);
      expect(summary.measuresInPlace.description).toBe('Mailbox protected by a password only; TLS in transit.');
      expect(summary.measuresInPlace.generalSecurityMeasures).toContain('TLS for all traffic');
    });

    it('never names, numbers or quotes a data subject, in any format', async () => {
      const json = JSON.stringify((await api.get(`/v1/breaches/${B}/summary`)).body);
      const html = (await api.get(`/v1/breaches/${B}/summary?format=html`)).body as string;
      const pdf = await pdfText((await getBytes(`${ledger.url}/v1/breaches/${B}/summary?format=pdf&lang=en`, ledger.auth)).body);
      const identities = [...subjectIds, ...customers.flatMap((c) => [c.externalId, ...Object.values(c.personal)])];
      expect(subjectIds).toHaveLength(2);
      for (const [format, text] of Object.entries({ json, html, pdf })) {
        expect({ format, found: identities.filter((value) => text.includes(value)) }).toEqual({ format, found: [] });
        expect(text).not.toMatch(/subjectId|externalId/);
      }
    });

    it('signs the summary so that the published public key checks it', async () => {
      const { summary, signature } = (await api.get(`/v1/breaches/${B}/summary`)).body;
      const key = PublicSigningKey.parse(JSON.stringify((await api.get('/v1/keys/signing')).body));
      expect(signature).toEqual({ algorithm: 'Ed25519', keyId: key.keyId, value: expect.any(String) });
      expect(key.check(summary, signature)).toEqual({ valid: true });
      expect(key.check({ ...summary, affected: { ...summary.affected, approxSubjects: 52 } }, signature)).toMatchObject({ valid: false });
    });
  });

  it('shows a late notification as late, with its reason for the delay', async () => {
    const B = 'B-2026-LATE';
    await record(detection(B, '2026-02-01T08:00:00Z', { approxSubjects: 5000, approxRecords: 40000 }));
    await record(breachFact(B, 'BreachAssessed', '2026-02-02T08:00:00Z', { risk: 'risk', consequences: 'IP addresses could be linked to log-ins.' }));
    await record(
      breachFact(B, 'AuthorityNotified', '2026-02-05T09:00:00Z', {
        authority: 'nl-ap',
        phase: 'initial',
        reference: 'AP-2026-0205-01',
        delayReason: 'The extent of the exposed logs had to be established first.',
      }),
    );
    const { summary } = await summaryOf(B);
    expect(summary.notification).toMatchObject({
      type: 'initial',
      status: 'notified',
      late: true,
      dueAt: '2026-02-04T08:00:00.000Z',
      notifiedAt: '2026-02-05T09:00:00.000Z',
      hoursAfterAwareness: 97,
      delayReason: 'The extent of the exposed logs had to be established first.',
    });
    const html = (await api.get(`/v1/breaches/${B}/summary?format=html`)).body as string;
    expect(html).toContain('97 h after awareness: late');
    expect(html).toContain('The extent of the exposed logs had to be established first.');
  });

  it('shows an Art. 34(3) exemption with its ground and explanation', async () => {
    const B = 'B-2026-EXEMPT';
    await record(
      detection(B, '2026-02-15T08:00:00Z', {
        subjectCategories: ['website visitors'],
        categories: ['user.device.ip_address'],
        approxSubjects: 30000,
        approxRecords: 90000,
      }),
    );
    await record(breachFact(B, 'BreachAssessed', '2026-02-15T12:00:00Z', { risk: 'high', consequences: 'Visitors could be profiled.' }));
    await record(breachFact(B, 'AuthorityNotified', '2026-02-16T08:00:00Z', { authority: 'nl-ap', phase: 'initial' }));
    await record(
      breachFact(B, 'SubjectNotificationExempted', '2026-02-16T09:00:00Z', {
        ground: 'art34-3c',
        explanation: 'No contact details of the visitors are held; a notice was published on the website instead.',
        // Art. 34(3)(c): the exemption stands only with the public communication recorded.
        publicCommunication: 'notice on hostinghuis.example/security, 2026-02-16',
      }),
    );
    const { summary } = await summaryOf(B);
    expect(summary.subjectCommunication).toEqual({
      required: true,
      status: 'exempted',
      exemption: {
        ground: 'art34-3c',
        article: 'Art. 34(3)(c)',
        condition: expect.stringContaining('disproportionate effort'),
        explanation: 'No contact details of the visitors are held; a notice was published on the website instead.',
        publicCommunication: 'notice on hostinghuis.example/security, 2026-02-16',
        at: '2026-02-16T09:00:00.000Z',
      },
    });
    expect((await api.get(`/v1/breaches/${B}?minPosition=${facts.position}`)).body.findings).toEqual([]);
  });

  describe('formats', () => {
    const B = 'B-2026-FMT';
    beforeAll(async () => {
      await record(detection(B, '2026-02-20T08:00:00Z', { approxSubjects: 1234, approxRecords: 56789, description: 'Report <b>bold</b> & "quoted"' }));
    });

    it('serves JSON by default and for Accept: application/json', async () => {
      for (const headers of [{}, { accept: 'application/json' }, { accept: '*/*' }] as Record<string, string>[]) {
        const res = await api.get(`/v1/breaches/${B}/summary`, headers);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.body.summary.breachId).toBe(B);
      }
    });

    it('serves a self-contained HTML page for Accept: text/html, with the signature and key id', async () => {
      const res = await api.get(`/v1/breaches/${B}/summary`, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
      const { signature } = (await api.get(`/v1/breaches/${B}/summary`)).body;
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = res.body as string;
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain(B);
      expect(html).toContain(signature.keyId);
      expect(html).toContain(signature.value);
      expect(html).toContain('Report &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
      expect(html).not.toMatch(/<script|<link|src=|href=/i);
    });

    it('serves a PDF for Accept: application/pdf and ?format=pdf, with the reference, the counts and the key id in its text', async () => {
      const { signature } = (await api.get(`/v1/breaches/${B}/summary`)).body;
      for (const [path, headers] of [
        [`/v1/breaches/${B}/summary`, { accept: 'application/pdf' }],
        [`/v1/breaches/${B}/summary?format=pdf`, {}],
      ] as const) {
        const res = await getBytes(ledger.url + path, { ...ledger.auth, 'accept-language': 'en', ...headers });
        expect(res.status).toBe(200);
        expect(res.contentType).toBe('application/pdf');
        expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
        const text = await pdfText(res.body);
        expect(text).toContain(B);
        expect(text).toContain('1,234');
        expect(text).toContain('56,789');
        expect(text.replace(/\s/g, '')).toContain(signature.keyId);
      }
    });

    it('answers 400 for an unknown format and 406 when no format is acceptable', async () => {
      const unknown = await api.get(`/v1/breaches/${B}/summary?format=docx`);
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'format must be one of json, html, pdf',
        details: [{ path: 'format', message: 'must be one of json, html, pdf' }],
      });
      const none = await api.get(`/v1/breaches/${B}/summary`, { accept: 'image/png' });
      expect(none.status).toBe(406);
      expect(none.body).toMatchObject({ statusCode: 406, error: 'Not Acceptable', message: expect.stringContaining('application/pdf') });
    });
  });

  it('answers 404 for a breach it does not know, and 400 for an impossible breach id', async () => {
    const unknown = await api.get('/v1/breaches/B-1999-99/summary');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'no breach B-1999-99 is recorded' });
    expect((await api.get('/v1/breaches/%20bad%20id/summary')).status).toBe(400);
  });

  it('answers 409 for a breach whose detection is not recorded yet', async () => {
    const B = 'B-2026-NODETECT';
    await record(breachFact(B, 'AuthorityNotified', '2026-02-20T08:00:00Z', { authority: 'nl-ap', phase: 'initial' }));
    const res = await api.get(`/v1/breaches/${B}/summary?minPosition=${facts.position}`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', message: expect.stringContaining('no BreachDetected') });
  });
});

describe('breach summaries without a controller profile', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: NOW });
    api = client(ledger.url, ledger.auth);
  });
  afterAll(() => ledger.close());

  it('answers 409 naming the setting, rather than a summary without a controller and DPO', async () => {
    const write = await api.post('/v1/events', detection('B-2026-NOPROFILE', '2026-02-20T08:00:00Z'));
    const res = await api.get(`/v1/breaches/B-2026-NOPROFILE/summary?minPosition=${write.body.position}`);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({ statusCode: 409, error: 'Conflict', message: expect.stringContaining('LEDGER_CONTROLLER_PROFILE') });
    expect((await api.get('/v1/breaches/B-2026-NOPROFILE')).status).toBe(200);
  });
});
