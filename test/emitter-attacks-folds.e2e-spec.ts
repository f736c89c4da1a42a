import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { RESERVED_NAMES, streamName } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ReadSide } from '@ledger/projections';
import { detection } from './support/breach-facts';
import { eventually } from './support/eventually';
import { encodings, findInFiles } from './support/file-scan';
import { client } from './support/http';
import { RunningLedger, bearer, startLedger, tempDataDir } from './support/ledger-server';

const NOW = '2026-03-01T12:00:00Z';
const AT = '2026-01-10T10:00:00Z';
const PROFILE = join(__dirname, '..', 'config', 'controller-profile.hostinghuis.json');

type Api = ReturnType<typeof client>;

/** A subject fact as the CRM's emitter sends it. */
const crmFact = (type: string, externalId: string, data: Record<string, unknown>, occurredAt = AT) => ({
  id: randomUUID(),
  type,
  occurredAt,
  subject: { system: 'crm', externalId },
  data,
});
const collected = (externalId: string, extra: Record<string, unknown> = {}) =>
  crmFact('PersonalDataCollected', externalId, {
    categories: ['user.name', 'user.contact.email'],
    purpose: 'service',
    legalBasis: 'contract',
    source: 'data-subject',
    system: 'crm',
    ...extra,
  });

async function emitterKey(admin: Api): Promise<string> {
  const res = await admin.post('/v1/admin/keys', { name: 'crm emitter', role: 'emitter', systems: ['crm'] });
  expect(res.status).toBe(201);
  return res.body.key;
}

/** Waits until the subject's erasure has shredded its keys. */
const shredded = (admin: Api, subjectId: string) =>
  eventually(async () => {
    const res = await admin.get(`/v1/subjects/${subjectId}/erasure`);
    return res.body.state === 'shredded' ? res.body : undefined;
  }, `subject ${subjectId} to be shredded`);

/** Erases a subject the CRM alone holds data of: the DPO asks, the CRM reports it erased. */
async function eraseCrmSubject(admin: Api, subjectId: string, requestId: string): Promise<void> {
  expect((await admin.post(`/v1/subjects/${subjectId}/erasure`, { requestId })).status).toBe(202);
  const erased = await admin.post('/v1/events', {
    id: randomUUID(),
    type: 'PersonalDataErased',
    occurredAt: '2026-02-01T10:00:00Z',
    subject: { subjectId },
    data: { requestId, ground: 'subject-request', system: 'crm', categories: ['user.name', 'user.contact.email'] },
  });
  expect(erased.status).toBe(201);
}

/**
 * Issue 19, points 1 to 4, run against the real server with an ordinary emitter key: each
 * attack the security review reproduced, and what it does now (nothing). Where the ledger
 * refuses the attack at the door, the same poison is also written straight into the log, as an
 * older ledger accepted it, to show that the folds stay total behind the door.
 */
describe('what one emitter key can no longer break: pollution, poison events, quadratic folds, forged breach links', () => {
  let ledger: RunningLedger;
  let admin: Api;
  let emitter: Api;
  let store: EventStore;
  const head = async () => (await store.headPosition())?.commit ?? 0;
  /** Appends facts to a subject's stream bypassing validation: what an older ledger let through. */
  const writtenByAnOlderLedger = async (subjectId: string, facts: { type: string; data: Record<string, unknown> }[]) =>
    store.appendMany([
      {
        streamId: streamName('subject', subjectId),
        events: facts.map((f) => ({ id: randomUUID(), type: f.type, data: f.data, metadata: { occurredAt: AT, subjectId } })),
      },
    ]);
  const subjectOf = async (externalId: string) => {
    const res = await emitter.post('/v1/events', collected(externalId));
    expect(res.status).toBe(201);
    return res.body.subjectId as string;
  };

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_NOW: NOW, LEDGER_CONTROLLER_PROFILE: PROFILE });
    admin = client(ledger.url, { ...ledger.auth, 'x-purpose': 'issue 19 attack tests' });
    emitter = client(ledger.url, bearer(await emitterKey(admin)));
    store = ledger.app.get(EVENT_STORE);
  });
  afterAll(() => ledger.close());

  describe('prototype pollution', () => {
    it('refuses ConsentGiven {purpose: "__proto__"}, and every later POST /v1/events still works, from anyone', async () => {
      const before = await head();
      const res = await emitter.post('/v1/events', crmFact('ConsentGiven', 'C-P1', { purpose: '__proto__' }));
      expect(res.status).toBe(400);
      expect(res.body.details).toContainEqual({ path: 'data.purpose', message: expect.stringContaining('reserved name') });
      // Every reserved name, in every label of a ConsentGiven and a share, in one batch: all refused.
      const events = RESERVED_NAMES.flatMap((name) => [
        crmFact('ConsentGiven', 'C-P1', { purpose: 'newsletter', consentRef: name }),
        crmFact('PersonalDataSharedWithProcessor', 'C-P1', { recipientId: name, categories: ['user.name'], purpose: name, legalBasis: 'contract' }),
      ]);
      const batch = await emitter.post('/v1/events/batch', { events });
      expect(batch.status).toBe(400);
      expect(new Set(batch.body.details.map((d: { index: number }) => d.index)).size).toBe(events.length);
      expect(await head()).toBe(before);

      expect((await emitter.post('/v1/events', collected('C-P1'))).status).toBe(201);
      expect((await admin.post('/v1/events', collected('C-P2'))).status).toBe(201);
      expect(Object.prototype).not.toHaveProperty('givenAt');
      // The second line of defence, as main.ts sets it up (the folds' own defence is unit-tested without it).
      expect(Object.isFrozen(Object.prototype)).toBe(true);
    });

    it('keeps the victim\'s request-unanswered finding when a batch carries PersonalDataExported {requestId: "__proto__"}', async () => {
      const victim = await subjectOf('C-VICTIM');
      const request = await emitter.post('/v1/events', crmFact('SubjectRequestReceived', 'C-VICTIM', { requestId: 'R-VICTIM-1', right: 'access' }));
      expect(request.status).toBe(201);
      const openFinding = async (minPosition: number) =>
        (await admin.get(`/v1/findings?subjectId=${victim}&rule=request-unanswered&minPosition=${minPosition}`)).body.findings;
      expect(await openFinding(request.body.position)).toEqual([expect.objectContaining({ rule: 'request-unanswered', status: 'open' })]);

      const before = await head();
      const attack = await emitter.post('/v1/events/batch', {
        events: [
          crmFact('PersonalDataExported', 'C-ATTACKER', { requestId: '__proto__', right: 'access', categories: ['user.name'], format: 'json' }),
          crmFact('ConsentGiven', 'C-VICTIM', { purpose: 'newsletter' }),
        ],
      });
      expect(attack.status).toBe(400);
      expect(attack.body.details).toContainEqual({ index: 0, path: 'data.requestId', message: expect.stringContaining('reserved name') });
      expect(await head()).toBe(before);

      // The same poison in the log, folded in one batch with the victim's next fact.
      const attacker = await subjectOf('C-ATTACKER');
      await writtenByAnOlderLedger(attacker, [
        { type: 'PersonalDataExported', data: { requestId: '__proto__', right: 'access', categories: ['user.name'], format: 'json' } },
        { type: 'PersonalDataExported', data: { requestId: 'toString', right: 'access', categories: ['user.name'], format: 'json' } },
      ]);
      const next = await emitter.post('/v1/events', crmFact('ConsentGiven', 'C-VICTIM', { purpose: 'newsletter' }));
      expect(next.status).toBe(201);
      expect(await openFinding(next.body.position)).toEqual([
        expect.objectContaining({ rule: 'request-unanswered', status: 'open', detail: expect.objectContaining({ requestId: 'R-VICTIM-1' }) }),
      ]);
      expect(Object.prototype).not.toHaveProperty('answeredAt');
    });

    it('still shreds other subjects after a share to recipientId "__proto__", and minPosition reads still answer', async () => {
      const refused = await emitter.post(
        '/v1/events',
        crmFact('PersonalDataSharedWithProcessor', 'C-POISON', {
          recipientId: '__proto__',
          categories: ['user.name'],
          purpose: 'hosting',
          legalBasis: 'contract',
        }),
      );
      expect(refused.status).toBe(400);
      expect(refused.body.details).toContainEqual({ path: 'data.recipientId', message: expect.stringContaining('reserved name') });

      // In the log all the same: the subjects projection and the erasure process fold it like any recipient.
      const poisoned = await subjectOf('C-POISON');
      await writtenByAnOlderLedger(poisoned, [
        { type: 'PersonalDataSharedWithProcessor', data: { recipientId: '__proto__', categories: ['user.name'], purpose: 'hosting', legalBasis: 'contract' } },
        {
          type: 'PersonalDataSharedWithProcessor',
          data: { recipientId: 'constructor', categories: ['user.name'], purpose: 'toString', legalBasis: 'contract' },
        },
      ]);
      const other = await subjectOf('C-OTHER');
      await eraseCrmSubject(admin, other, 'R-OTHER-1');
      expect(await shredded(admin, other)).toMatchObject({ shreddedGroups: ['identity', 'contact', 'fiscal'] });

      const map = await admin.get(`/v1/subjects/${poisoned}/data-map?minPosition=${await head()}`);
      expect(map.status).toBe(200);
      expect(
        map.body.categories.find((c: { category: string }) => c.category === 'user.name').recipients.map((r: { recipientId: string }) => r.recipientId),
      ).toEqual(['__proto__', 'constructor']);
      // Its own erasure waits for those recipients to be told, like any other.
      await eraseCrmSubject(admin, poisoned, 'R-POISON-1');
      const status = await eventually(async () => {
        const res = await admin.get(`/v1/subjects/${poisoned}/erasure`);
        return res.body.state === 'awaiting-recipients' ? res.body : undefined;
      }, 'the poisoned subject to await its recipients');
      expect(status.awaitingRecipients).toEqual(['__proto__', 'constructor']);
      expect(
        ledger.app
          .get(ReadSide)
          .status()
          .every((s) => s.quarantined === 0),
      ).toBe(true);
    });

    it('sets aside an event no fold can take, says so, and goes on: ingestion, reads and other erasures', async () => {
      const broken = await subjectOf('C-BROKEN');
      // A share without recipient or categories: no fold can make sense of it.
      const [written] = await writtenByAnOlderLedger(broken, [{ type: 'PersonalDataSharedWithProcessor', data: { purpose: 'hosting' } }]);
      const brokenEvent = written.events[0];

      const later = await emitter.post('/v1/events', collected('C-AFTER'));
      expect(later.status).toBe(201);
      expect((await admin.get(`/v1/subjects/${later.body.subjectId}/data-map?minPosition=${later.body.position}`)).status).toBe(200);
      await eraseCrmSubject(admin, later.body.subjectId, 'R-AFTER-1');
      await shredded(admin, later.body.subjectId);

      const failure = {
        position: brokenEvent.position.commit,
        eventId: brokenEvent.id,
        type: 'PersonalDataSharedWithProcessor',
        error: expect.stringContaining('TypeError'),
      };
      const subjects = ledger.app
        .get(ReadSide)
        .status()
        .find((s) => s.name === 'subjects')!;
      expect(subjects).toMatchObject({ quarantined: 1, failures: [expect.objectContaining(failure)] });
      expect(subjects.error).toBeUndefined();
      const erasure = ledger.app
        .get(ReadSide)
        .status()
        .find((s) => s.name === 'erasure-process');
      expect(erasure).toMatchObject({ name: 'erasure-process', quarantined: 1, failures: [expect.objectContaining(failure)] });
      // Readiness and metrics say so, with the event's position: answered, but incomplete.
      const ready = await admin.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('degraded');
      expect(ready.body.readModels.find((m: { name: string }) => m.name === 'subjects')).toMatchObject({
        quarantined: 1,
        failures: [expect.objectContaining(failure)],
      });
      const metrics: string = (await admin.get('/metrics')).body;
      expect(metrics).toContain('ledger_projection_quarantined_events{projection="subjects"} 1');
      expect(metrics).toContain('ledger_projection_quarantined_events{projection="erasure-process"} 1');
      // The subject with the bad event can still be erased, and says where that stands.
      await eraseCrmSubject(admin, broken, 'R-BROKEN-1');
      expect((await shredded(admin, broken)).shreddedGroups).toEqual(['identity', 'contact', 'fiscal']);
    });
  });

  describe('quadratic folds', () => {
    const B = 'B-2026-HOSTILE';
    const hostileBatch = (categoriesPerFact: number) => ({
      events: Array.from({ length: 1000 }, (_, i) =>
        crmFact('PersonalDataBreached', `C-H${i % 10}`, {
          breachId: B,
          categories: Array.from({ length: categoriesPerFact }, (_, j) => `custom.hostile_${i}_${j}`),
        }),
      ),
    });

    beforeAll(async () => {
      expect((await admin.post('/v1/events', detection(B, '2026-02-28T08:00:00Z'))).status).toBe(201);
    });

    it('refuses the hostile batch: 1,000 PersonalDataBreached facts with 200 new custom categories each', async () => {
      const before = await head();
      const res = await emitter.post('/v1/events/batch', hostileBatch(200));
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('1000 invalid events: events[0].data.categories at most 32 categories under the custom prefix "custom." per fact');
      expect(await head()).toBe(before);
    });

    it('folds the largest batch the limits allow while /health keeps answering, and keeps what it stores bounded', async () => {
      const runner = ledger.app.get(ReadSide);
      const health: { status: number; whileFolding: boolean }[] = [];
      let sent = false;
      let target = Number.POSITIVE_INFINITY;
      const folded = () => runner.reached(['subjects', 'breaches'], target);
      const poll = (async () => {
        while (!sent || !folded()) {
          const res = await fetch(`${ledger.url}/health`);
          health.push({ status: res.status, whileFolding: sent && !folded() });
          await res.arrayBuffer();
        }
      })();
      const posting = emitter.post('/v1/events/batch', hostileBatch(32));
      sent = true;
      const res = await posting;
      expect(res.status).toBe(201);
      target = Math.max(...res.body.events.map((e: { position: number }) => e.position));
      await poll;

      expect(health.every((h) => h.status === 200)).toBe(true);
      // /health was answered between the request and the end of the fold, not only after it.
      expect(health.filter((h) => h.whileFolding).length).toBeGreaterThan(0);

      const register = (await admin.get(`/v1/breaches/${B}?minPosition=${target}`)).body;
      expect(register.linkedBySystems.subjects).toBe(10);
      expect(register.linkedBySystems.otherCategories).toHaveLength(512);
      expect(register.linkedBySystems.overLimit).toEqual({ linkedCategoriesPerBreach: 32_000 - 512 });
      const subjectId = res.body.events[0].subjectId;
      const map = (await admin.get(`/v1/subjects/${subjectId}/data-map`)).body;
      expect(map.categories).toHaveLength(512);
      expect(map.overLimit.categoriesPerSubject).toBeGreaterThan(0);
      // The summary the authority gets does not carry any of it.
      const summary = (await admin.get(`/v1/breaches/${B}/summary`)).body.summary;
      expect(summary.affected.dataCategories).toEqual(['user.contact.email']);
    }, 120_000);
  });

  describe('forged breach links', () => {
    it('refuses a link to a breach whose detection is not recorded, and invents no breach', async () => {
      const before = await head();
      const unknown = await emitter.post('/v1/events', crmFact('PersonalDataBreached', 'C-L1', { breachId: 'B-2026-NOT-RECORDED', categories: ['user.name'] }));
      expect(unknown.status).toBe(400);
      expect(unknown.body.details).toEqual([{ path: 'data.breachId', message: expect.stringContaining('names no recorded breach') }]);
      const markup = await emitter.post(
        '/v1/events',
        crmFact('PersonalDataBreached', 'C-L1', { breachId: '<img src=x onerror=alert(1)>', categories: ['user.name'] }),
      );
      expect(markup.status).toBe(400);
      expect(markup.body.details).toContainEqual({ path: 'data.breachId', message: expect.stringContaining('must be an id') });
      expect(await head()).toBe(before);
      const register = (await admin.get('/v1/breaches')).body.breaches.map((b: { breachId: string }) => b.breachId);
      expect(register).not.toContain('B-2026-NOT-RECORDED');
    });

    it("leaves the signed summary unchanged when an emitter links 50 subjects and new categories to the DPO's breach", async () => {
      const B = 'B-2026-SIGNED';
      expect((await admin.post('/v1/events', detection(B, '2026-02-27T12:00:00Z', { categories: ['user.contact.email'], approxSubjects: 10 }))).status).toBe(
        201,
      );
      const assessed = await admin.post('/v1/events', {
        id: randomUUID(),
        type: 'BreachAssessed',
        occurredAt: '2026-02-27T16:00:00Z',
        breachId: B,
        data: { risk: 'high', consequences: 'phishing of the customers concerned' },
      });
      const before = (await admin.get(`/v1/breaches/${B}/summary?minPosition=${assessed.body.position}`)).body;

      const links = await emitter.post('/v1/events/batch', {
        events: Array.from({ length: 50 }, (_, i) =>
          crmFact('PersonalDataBreached', `C-LINK-${i}`, {
            breachId: B,
            categories: ['user.biometric', 'user.health_and_medical', 'user.financial.bank_account'],
          }),
        ),
      });
      expect(links.status).toBe(201);
      const position = Math.max(...links.body.events.map((e: { position: number }) => e.position));
      const after = (await admin.get(`/v1/breaches/${B}/summary?minPosition=${position}`)).body;
      expect(after).toEqual(before);
      // The DPO sees the links, apart from its own facts, and may revise its assessment with them.
      const register = (await admin.get(`/v1/breaches/${B}`)).body;
      expect(register.facts).toMatchObject({ categories: ['user.contact.email'], approxSubjects: 10 });
      expect(register.linkedBySystems).toEqual({ subjects: 50, otherCategories: ['user.biometric', 'user.financial.bank_account', 'user.health_and_medical'] });
    });
  });
});

/** Issue 19, point 4: labels that name a person are refused by their shape, and free text is sealed. */
describe('no plaintext label survives an erasure', () => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses labels that name a person, seals free text about the subject, and leaves no trace of either after erasure', async () => {
    const ledger = await startLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_LOG_FILE: join(dataDir, 'ledger.log'), LEDGER_LOG_LEVEL: 'trace' });
    const admin = client(ledger.url, { ...ledger.auth, 'x-purpose': 'issue 19 plaintext test' });
    const emitter = client(ledger.url, bearer(await emitterKey(admin)));
    const who = 'C-MC';

    const refused = [
      crmFact('ConsentGiven', who, { purpose: 'newsletter marie.curie@example.nl' }),
      crmFact('ConsentGiven', who, { purpose: 'newsletter', consentRef: 'marie.curie@example.nl' }),
      crmFact('SubjectRequestReceived', who, { requestId: 'R Marie Curie', right: 'access' }),
      crmFact('SubjectRequestReceived', who, { requestId: 'R-MC-0', right: 'access', channel: 'newsletter marie.curie@example.nl' }),
      crmFact('PersonalDataExported', who, { requestId: 'R-MC-0', right: 'access', categories: ['user.name'], format: 'pdf for Marie Curie' }),
      collected(who, { retention: { policy: 'kept for Marie Curie' } }),
      crmFact('ServiceEnded', who, { system: 'crm', service: 'Marie Curie hosting', allServices: false }),
    ];
    for (const fact of refused) {
      const res = await emitter.post('/v1/events', fact);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).not.toMatch(/marie/i);
    }

    const accepted = [
      collected(who),
      crmFact('DisclosedToAuthority', who, {
        authority: 'politie',
        categories: ['user.name'],
        legalGround: 'court order against Marie Curie',
        reference: 'PV-MarieCurie-17',
      }),
      crmFact('SubjectRequestReceived', who, { requestId: 'R-MC-1', right: 'access', channel: 'e-mail' }),
      crmFact('SubjectRequestRejected', who, { requestId: 'R-MC-1', reason: 'Marie Curie asked twice by phone' }),
    ];
    const recorded = await emitter.post('/v1/events/batch', { events: accepted });
    expect(recorded.status).toBe(201);
    const subjectId = recorded.body.events[0].subjectId;
    // Sealed, not lost: the DPO reads them while the subject's keys exist.
    const disclosed = (await admin.get(`/v1/subjects/${subjectId}/events`)).body.events.find((e: { type: string }) => e.type === 'DisclosedToAuthority');
    expect(disclosed.data).toMatchObject({ authority: 'politie', legalGround: 'court order against Marie Curie', reference: 'PV-MarieCurie-17' });

    await eraseCrmSubject(admin, subjectId, 'R-MC-2');
    await shredded(admin, subjectId);
    const after = (await admin.get(`/v1/subjects/${subjectId}/events`)).body.events.find((e: { type: string }) => e.type === 'DisclosedToAuthority');
    expect(after.data).toMatchObject({ authority: 'politie', legalGround: '[erased]', reference: '[erased]' });
    await ledger.close({ keepData: true });

    const needles = Object.fromEntries(['marie.curie', 'Marie Curie', 'MarieCurie'].map((v) => [v, encodings(v)]));
    expect(findInFiles(dataDir, needles)).toEqual([]);
  }, 120_000);
});
