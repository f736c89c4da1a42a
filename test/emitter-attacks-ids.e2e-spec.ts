import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { LedgerEventIds } from '@ledger/vault';
import { ReadSide } from '@ledger/projections';
import { eventually } from './support/eventually';
import { client } from './support/http';
import { RunningLedger, bearer, startLedger } from './support/ledger-server';

type Api = ReturnType<typeof client>;

const NOW = '2026-03-01T09:30:00.000Z';
const SYSTEM = 'customer-portal';

/** The namespaces the ledger once derived its own event ids from: anyone could compute them. */
const OLD_REQUEST_NAMESPACE = '1c9e4b2d-6a7f-4c3e-9d8b-5e4f3a2b1c0d';
const OLD_SHRED_NAMESPACE = 'b5c1e7a2-3d4f-4e6a-8b9c-0d1e2f3a4b5c';

const collected = (externalId: string, system = SYSTEM, id: string = randomUUID()) => ({
  id,
  type: 'PersonalDataCollected',
  occurredAt: '2026-01-10T10:00:00Z',
  subject: { system, externalId },
  data: { categories: ['user.contact.email', 'user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: SYSTEM },
  personal: { email: 'jose@example.nl', name: 'José Aldana' },
});

/** The portal's report that it erased the person it knows as `externalId`. */
const erased = (externalId: string, requestId: string) => ({
  id: randomUUID(),
  type: 'PersonalDataErased',
  occurredAt: NOW,
  subject: { system: SYSTEM, externalId },
  data: { requestId, ground: 'subject-request', system: SYSTEM, categories: ['user.contact.email', 'user.name'] },
});

/** Starts a ledger with an emitter key for the portal and a DPO key. */
async function ledgerWithKeys(env: Record<string, string> = {}) {
  const ledger = await startLedger({ LEDGER_NOW: NOW, ...env });
  const admin = client(ledger.url, ledger.auth);
  const emitterKey = (await admin.post('/v1/admin/keys', { name: 'portal', role: 'emitter', systems: [SYSTEM] })).body;
  const dpoKey = (await admin.post('/v1/admin/keys', { name: 'Office of the DPO', role: 'dpo' })).body;
  return {
    ledger,
    emitter: client(ledger.url, bearer(emitterKey.key)),
    dpo: client(ledger.url, { ...bearer(dpoKey.key), 'x-purpose': 'erasure request R-2001' }),
    dpoKeyId: dpoKey.id as string,
  };
}

const lookup = (dpo: Api, externalId: string, system = SYSTEM) =>
  dpo.get(`/v1/subjects?system=${encodeURIComponent(system)}&externalId=${encodeURIComponent(externalId)}`);

const shreddedState = (dpo: Api, subjectId: string) =>
  eventually(async () => {
    const res = await dpo.get(`/v1/subjects/${subjectId}/erasure`);
    return res.body.state === 'shredded' ? res.body : undefined;
  }, `subject ${subjectId} to be shredded`);

/** The spellings of one customer id, and what the ledger does with each. */
const SAME_ID = [
  ['C-2001', 'as the portal writes it'],
  ['C\u20112001', 'with a non-breaking hyphen (U+2011)'],
  ['C\u20132001', 'with an en dash'],
  ['Ｃ－２００１', 'in full width'],
] as const;
const REFUSED_IDS = [
  ['C-\u200b2001', 'with a zero-width space', /invisible format characters \(U\+200B\)/],
  ['\u0421-2001', 'with a Cyrillic look-alike C', /looks like an ASCII id but is written with Cyrillic letters/],
  ['C-2001 ', 'with a trailing space', /must not begin or end with whitespace/],
  ['\u202eC-2001', 'with a right-to-left override', /bidirectional controls \(U\+202E\)/],
  ['C\u043e-2001', 'with a Cyrillic o among Latin letters', /mixes letters of Latin and Cyrillic/],
] as const;

// First in the file: nestjs-pino keeps the first app's logger for loggers made outside a
// request, so only the first ledger of a test file writes their lines to its log file.
describe('a shredding whose proof cannot be written', () => {
  it('raises an alarm the erasure status and the process status show, naming the subject and the reason', async () => {
    // Only someone holding the master key can compute the proof's id: here, the test.
    const masterKey = randomBytes(32);
    const logDir = join(tmpdir(), `ledger-alarm-${randomUUID()}`);
    const logFile = join(logDir, 'ledger.log');
    const { ledger, emitter, dpo } = await ledgerWithKeys({
      LEDGER_MASTER_KEY: masterKey.toString('base64'),
      LEDGER_LOG_LEVEL: 'error',
      LEDGER_LOG_FILE: logFile,
    });
    try {
      const recorded = await emitter.post('/v1/events', collected('C-6001'));
      const subjectId = recorded.body.subjectId as string;
      expect((await dpo.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'R-6001' })).status).toBe(202);
      // The erasure report will be revision 2 of the stream; the proof is decided from it.
      const proofId = LedgerEventIds.fromMasterKey(masterKey).of('subject-data-shredded', subjectId, '2');
      expect((await emitter.post('/v1/events', collected('C-6002', SYSTEM, proofId))).status).toBe(201);
      const report = await emitter.post('/v1/events', erased('C-6001', 'R-6001'));
      expect(report.body.revision).toBe(2);

      const status = await eventually(async () => {
        const res = await dpo.get(`/v1/subjects/${subjectId}/erasure`);
        return res.body.state === 'proof-missing' ? res.body : undefined;
      }, 'the alarm');
      expect(status.alarm).toEqual({
        since: NOW,
        lastFailedAt: NOW,
        keyGroups: expect.arrayContaining(['identity', 'contact']),
        reason: expect.stringContaining(`its event id ${proofId} is held by another event`),
      });
      // The keys are gone all the same: the subject's values cannot be read any more.
      const collectedEvent = (await dpo.get(`/v1/subjects/${subjectId}/events`)).body.events[0];
      expect(collectedEvent.personal.email).toBe('[erased]');
      const runner = ledger.app.get(ReadSide);
      expect(runner.status().filter((s) => s.alarm)).toEqual([expect.objectContaining({ name: 'erasure-process', alarm: expect.stringContaining(subjectId) })]);
      const logged = await eventually(async () => {
        const line = readFileSync(logFile, 'utf8')
          .split('\n')
          .find((l) => l.includes('ALARM'));
        return line && JSON.parse(line);
      }, 'the alarm in the log');
      expect(logged.level).toBeGreaterThanOrEqual(50);
      expect(logged.msg).toContain(`ALARM subject ${subjectId}`);
      expect(logged.msg).toContain('is held by another event');
    } finally {
      await ledger.close();
      rmSync(logDir, { recursive: true, force: true });
    }
  });
});

describe('an emitter key against subject ids and ledger-written event ids', () => {
  let ledger: RunningLedger;
  let emitter: Api;
  let dpo: Api;
  let dpoKeyId: string;
  let lastPosition = 0;

  const record = async (fact: Record<string, unknown>) => {
    const res = await emitter.post('/v1/events', fact);
    expect(res.status).toBe(201);
    lastPosition = res.body.position;
    return res.body as { subjectId: string; position: number; revision: number };
  };
  /** The next fact lands right after the last one: nothing was written in between. */
  const nothingWrittenSinceLast = async () => {
    const probe = await record(collected(`probe-${randomUUID()}`));
    return probe.position;
  };

  beforeAll(async () => {
    ({ ledger, emitter, dpo, dpoKeyId } = await ledgerWithKeys());
  });
  afterAll(() => ledger.close());

  describe('look-alike external ids (issue 19, point 5)', () => {
    let subjectId: string;

    beforeAll(async () => {
      subjectId = (await record(collected('C-2001'))).subjectId;
    });

    it.each(SAME_ID)('records %j (%s) on the one subject', async (externalId) => {
      expect((await record(collected(externalId))).subjectId).toBe(subjectId);
    });

    it('records NFC and NFD José, and the system in full width, on one subject', async () => {
      const nfc = (await record(collected('Jos\u00e9'))).subjectId;
      expect((await record(collected('Jose\u0301'))).subjectId).toBe(nfc);
      expect((await record(collected('C-2001', 'ｃｕｓｔｏｍｅｒ－ｐｏｒｔａｌ'))).subjectId).toBe(subjectId);
      const res = await emitter.post('/v1/events/batch', { events: SAME_ID.map(([externalId]) => collected(externalId)) });
      expect(res.status).toBe(201);
      lastPosition = res.body.events.at(-1).position;
      expect(new Set(res.body.events.map((e: { subjectId: string }) => e.subjectId))).toEqual(new Set([subjectId]));
    });

    it.each(REFUSED_IDS)('refuses %j (%s) with a 400 naming the problem, writing nothing', async (externalId, _, problem) => {
      const before = lastPosition;
      const res = await emitter.post('/v1/events', collected(externalId));
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([{ path: 'subject.externalId', message: expect.stringMatching(problem) }]);
      expect(JSON.stringify(res.body)).not.toContain('2001');
      const lookedUp = await lookup(dpo, externalId);
      expect(lookedUp.status).toBe(400);
      expect(lookedUp.body.details).toEqual([{ path: 'externalId', message: expect.stringMatching(problem) }]);
      expect(await nothingWrittenSinceLast()).toBe(before + 1);
    });

    it('finds the subject by every accepted spelling, and names it in one form', async () => {
      for (const [externalId] of SAME_ID) expect((await lookup(dpo, externalId)).body).toEqual({ subjectId });
      expect((await lookup(dpo, 'C-2001', 'ｃｕｓｔｏｍｅｒ－ｐｏｒｔａｌ')).body).toEqual({ subjectId });
      const events = (await dpo.get(`/v1/subjects/${subjectId}/events`)).body.events;
      expect(new Set(events.map((e: any) => `${e.subject.system}/${e.subject.externalId}`))).toEqual(new Set(['customer-portal/C-2001']));
    });

    it('shreds the subject recorded under every spelling with one DPO erasure, after which no spelling finds anything', async () => {
      const requested = await dpo.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'R-2001' });
      expect(requested.status).toBe(202);
      await record(erased('Ｃ－２００１', 'R-2001'));
      const status = await shreddedState(dpo, subjectId);
      expect(status.shreddedGroups).toEqual(expect.arrayContaining(['identity', 'contact']));
      for (const [externalId] of SAME_ID) expect((await lookup(dpo, externalId)).status).toBe(404);
      const events = (await dpo.get(`/v1/subjects/${subjectId}/events`)).body.events;
      expect(events.filter((e: any) => e.type === 'PersonalDataCollected').every((e: any) => e.personal.email === '[erased]')).toBe(true);
    });
  });

  describe("the DPO's erasure cannot be pre-empted (issue 19, point 6)", () => {
    it("survives an emitter that claims every id the ledger used to derive for the subject's erasure", async () => {
      const victim = (await record(collected('C-3001'))).subjectId;
      // What an emitter could compute: the request's id from subject and a guessable requestId,
      // and the shredding proof's id for every revision the stream may reach.
      const oldIds = [
        uuidv5(`${victim}/R-3001`, OLD_REQUEST_NAMESPACE),
        ...Array.from({ length: 10 }, (_, revision) => uuidv5(`${victim}/${revision}`, OLD_SHRED_NAMESPACE)),
      ];
      for (const id of oldIds) await record(collected(`decoy-${randomUUID()}`, SYSTEM, id));

      const requested = await dpo.post(`/v1/subjects/${victim}/erasure`, { requestId: 'R-3001' });
      expect(requested.status).toBe(202);
      expect(requested.body).toMatchObject({ subjectId: victim, requestId: 'R-3001', recorded: true });
      expect(oldIds).not.toContain((await dpo.get(`/v1/subjects/${victim}/events`)).body.events.at(-1).id);
      expect((await dpo.post(`/v1/subjects/${victim}/erasure`, { requestId: 'R-3001' })).status).toBe(200);

      await record(erased('C-3001', 'R-3001'));
      await shreddedState(dpo, victim);
      const proofs = (await dpo.get(`/v1/subjects/${victim}/events`)).body.events.filter((e: any) => e.type === 'SubjectDataShredded');
      expect(proofs).toEqual([expect.objectContaining({ data: expect.objectContaining({ reason: 'erasure', requestId: 'R-3001' }) })]);
      expect(oldIds).not.toContain(proofs[0].id);
    });
  });

  describe('every disclosure about one subject is audited (issue 19, point 8)', () => {
    const audit = async () => (await dpo.get('/v1/audit/access?limit=1000')).body.entries as Record<string, unknown>[];

    it('records a lookup that finds no one: key, time, route and system, never the id, and nothing of the purpose', async () => {
      const before = (await audit()).length;
      const miss = await dpo.get(`/v1/subjects?system=${SYSTEM}&externalId=C-404-NOBODY`, { 'x-purpose': 'is Marie a customer?' });
      expect(miss.status).toBe(404);
      const entries = (await audit()).slice(before);
      expect(entries).toEqual([
        {
          id: expect.any(Number),
          at: NOW,
          keyId: dpoKeyId,
          keyName: 'Office of the DPO',
          role: 'dpo',
          system: SYSTEM,
          outcome: 'not-found',
          // The purpose may name the person not found (issue 20, point 9): not kept.
          purpose: '[not kept]',
          route: 'GET /v1/subjects',
        },
      ]);
      for (const file of readdirSync(ledger.dataDir).filter((f) => f.startsWith('access-audit.db'))) {
        expect(readFileSync(join(ledger.dataDir, file)).includes('C-404-NOBODY')).toBe(false);
      }
      // Without a stated purpose the lookup is refused before it looks.
      const unstated = await dpo.get(`/v1/subjects?system=${SYSTEM}&externalId=C-404-NOBODY`, { 'x-purpose': '' });
      expect(unstated.status).toBe(400);
      expect((await audit()).length).toBe(before + 1);
    });

    it('records reads of the erasure status and of the findings about one subject', async () => {
      const subjectId = (await record(collected('C-5001'))).subjectId;
      const before = (await audit()).length;
      expect((await dpo.get(`/v1/subjects/${subjectId}/erasure`, { 'x-purpose': 'complaint 12' })).status).toBe(200);
      expect((await dpo.get(`/v1/findings?status=all&subjectId=${subjectId}&minPosition=${lastPosition}`, { 'x-purpose': 'complaint 12' })).status).toBe(200);
      const entries = (await audit()).slice(before);
      expect(entries.map(({ subjectId: s, route, purpose, outcome }) => ({ s, route, purpose, outcome }))).toEqual([
        { s: subjectId, route: 'GET /v1/subjects/:subjectId/erasure', purpose: 'complaint 12', outcome: 'disclosed' },
        { s: subjectId, route: 'GET /v1/findings', purpose: 'complaint 12', outcome: 'disclosed' },
      ]);
      // Both need a stated purpose; the findings of everyone (no subjectId) do not, and are not one subject's.
      expect((await dpo.get(`/v1/subjects/${subjectId}/erasure`, { 'x-purpose': '' })).status).toBe(400);
      expect((await dpo.get(`/v1/findings?subjectId=${subjectId}`, { 'x-purpose': '' })).status).toBe(400);
      expect((await dpo.get('/v1/findings', { 'x-purpose': '' })).status).toBe(200);
      expect((await audit()).length).toBe(before + 2);
    });
  });
});
