import Database from 'better-sqlite3';
import { erasureDecider, toSubjectFact } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ERASURE_PROCESS_NAME, ErasureStates, ProjectionName, ReadSide } from '@ledger/projections';
import { KEY_VAULT, KeyVault, LEDGER_EVENT_IDS, LedgerEventIds } from '@ledger/vault';
import { ShredDueKeysCommand, ShredDueKeysHandler } from '../apps/ledger/src/erasure/shred-due-keys.command';
import { eventually } from './support/eventually';
import { fact } from './support/facts';
import { client } from './support/http';
import { startLedger } from './support/ledger-server';

/**
 * Belt and braces behind the effects lease (issue 17, point 3): when another instance wrote the
 * proof of a shredding first — the same ledger-derived event id, another occurredAt — the erasure
 * process takes it as written, not as a proof-missing alarm.
 */
describe('a proof another instance wrote first', () => {
  it('is already written, and raises no alarm', async () => {
    const ledger = await startLedger({ LEDGER_NOW: '2025-03-01T00:00:00Z' });
    const otherDb = new Database(':memory:');
    try {
      const api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'proof race test' });
      const subject = { system: 'crm', externalId: 'RACE-1' };
      const collected = await api.post(
        '/v1/events',
        fact('PersonalDataCollected', {
          subject,
          occurredAt: '2025-01-01T10:00:00Z',
          data: { categories: ['user.name'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' },
          personal: { name: 'Ras Race' },
        }),
      );
      const subjectId = collected.body.subjectId;
      expect((await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-RACE' })).status).toBe(202);
      expect(
        (
          await api.post(
            '/v1/events',
            fact('PersonalDataErased', {
              subject,
              occurredAt: '2025-02-01T10:00:00Z',
              data: { requestId: 'E-RACE', ground: 'subject-request', categories: ['user.name'] },
            }),
          )
        ).status,
      ).toBe(201);
      // This instance's erasure process shreds and writes the proof.
      await eventually(
        async () => ((await api.get(`/v1/subjects/${subjectId}/erasure`)).body.state === 'shredded' ? true : undefined),
        'the subject to be shredded',
      );
      const store = ledger.app.get<EventStore>(EVENT_STORE);
      const stream = `subject-${subjectId}`;
      const events = [];
      for await (const event of store.readStream(stream)) events.push(event);
      const proof = events.find((e) => e.type === 'SubjectDataShredded')!;

      // A second instance decided from the same state (the stream up to the proof) a minute later:
      // its own kept state, on the shared log, vault and event ids.
      const states = new ErasureStates(otherDb);
      states.setup();
      let state = erasureDecider.initialState();
      for (const event of events.filter((e) => e.revision < proof.revision)) state = erasureDecider.evolve(state, toSubjectFact(event));
      states.save(subjectId, { state, revision: proof.revision - 1 }, undefined);
      const other = new ShredDueKeysHandler(
        states,
        store,
        ledger.app.get<KeyVault>(KEY_VAULT),
        { now: () => new Date('2025-03-01T00:01:00Z') },
        ledger.app.get<LedgerEventIds>(LEDGER_EVENT_IDS),
      );
      await expect(other.execute(new ShredDueKeysCommand(subjectId))).resolves.toBeUndefined();
      expect(states.alarmOf(subjectId)).toBeUndefined();

      const proofs = [];
      for await (const event of store.readStream(stream)) if (event.type === 'SubjectDataShredded') proofs.push(event.id);
      expect(proofs).toEqual([proof.id]);
      expect(
        ledger.app
          .get<ReadSide<ProjectionName>>(ReadSide)
          .status()
          .find((s) => s.name === ERASURE_PROCESS_NAME)?.alarm,
      ).toBeUndefined();
    } finally {
      otherDb.close();
      await ledger.close();
    }
  }, 60_000);
});
