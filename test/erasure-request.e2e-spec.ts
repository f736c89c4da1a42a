import { rmSync } from 'node:fs';
import { eventually } from './support/eventually';
import { fact } from './support/facts';
import { encodings, findInFiles } from './support/file-scan';
import { client } from './support/http';
import { startLedger, tempDataDir } from './support/ledger-server';

/**
 * Issue 20, point 4: what the envelope says already is not demanded again (`data.system`), and the
 * erasure command takes the Art. 17(1) ground and a note — personal free text, sealed with the
 * subject's identity key, gone with it.
 */
describe('derived fields and the erasure request', () => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const note = 'Mevrouw Wilhelmina Notetest belde op 06-12345678 en vroeg om wissing';

  it("records a fact without data.system with the subject's system, and refuses one it cannot derive", async () => {
    const ledger = await startLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_NOW: '2025-03-01T00:00:00Z' });
    try {
      const api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'issue 20 test' });
      // Full-width: the subject's system in normal form is what data.system becomes.
      const subject = { system: 'ｃｒｍ', externalId: 'C-20' };
      const collected = await api.post(
        '/v1/events',
        fact('PersonalDataCollected', {
          subject,
          occurredAt: '2025-01-01T10:00:00Z',
          data: { categories: ['user.name', 'user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject' },
          personal: { name: 'Wilhelmina Notetest' },
        }),
      );
      expect(collected.status).toBe(201);
      const subjectId = collected.body.subjectId;
      const ended = await api.post(
        '/v1/events',
        fact('ServiceEnded', { subject: { system: 'crm', externalId: 'C-20' }, occurredAt: '2025-01-02T10:00:00Z', data: { allServices: true } }),
      );
      expect(ended.status).toBe(201);
      const events = (await api.get(`/v1/subjects/${subjectId}/events`)).body.events;
      expect(events.map((e: { data: { system: string } }) => e.data.system)).toEqual(['crm', 'crm']);

      // Named by subjectId, the fact says no system: data.system is required, and nothing is written.
      const bySubjectId = await api.post(
        '/v1/events',
        fact('PersonalDataErased', {
          subject: { subjectId },
          occurredAt: '2025-02-01T10:00:00Z',
          data: { ground: 'subject-request', categories: ['user.name'] },
        }),
      );
      expect(bySubjectId.status).toBe(400);
      expect(bySubjectId.body.details).toEqual([{ path: 'data.system', message: expect.stringContaining('required when the subject is named by subjectId') }]);
      expect((await api.get(`/v1/subjects/${subjectId}/events`)).body.events).toHaveLength(2);

      // An unknown ground is a 400 naming it; nothing is written.
      const unknown = await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-20', ground: 'art17-1g' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details).toEqual([{ path: 'ground', message: expect.stringContaining('must be an Art. 17(1) ground, one of: art17-1a, art17-1b') }]);
      const blank = await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-20', note: '   ' });
      expect(blank.status).toBe(400);
      expect(blank.body.details).toEqual([{ path: 'note', message: 'must not be blank' }]);
      expect((await api.get(`/v1/subjects/${subjectId}/events`)).body.events).toHaveLength(2);

      // The request with its ground and note: shown by the erasure and the history, the note in no file.
      const requested = await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-20', ground: 'art17-1b', note });
      expect(requested.status).toBe(202);
      const status = await api.get(`/v1/subjects/${subjectId}/erasure?minPosition=${requested.body.position}`);
      expect(status.body).toMatchObject({
        state: 'awaiting-systems',
        requestId: 'E-20',
        ground: { code: 'art17-1b', article: 'Art. 17(1)(b)', condition: expect.stringContaining('withdraws the consent') },
        note,
        awaitingSystems: ['crm'],
      });
      const history = await api.get(`/v1/subjects/${subjectId}/history?type=SubjectRequestReceived&minPosition=${requested.body.position}`);
      expect(history.body.events.map((e: { data: unknown }) => e.data)).toEqual([
        { requestId: 'E-20', right: 'erasure', channel: 'dpo', ground: 'art17-1b', note },
      ]);
      // The same request again writes nothing.
      expect((await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-20', ground: 'art17-1b', note })).status).toBe(200);
      expect(findInFiles(dataDir, { note: encodings(note) })).toEqual([]);

      // The erasure runs its course: the note dies with the identity key.
      const erased = await api.post(
        '/v1/events',
        fact('PersonalDataErased', {
          subject,
          occurredAt: '2025-02-10T10:00:00Z',
          data: { requestId: 'E-20', ground: 'subject-request', categories: ['user.name', 'user.contact.email'] },
        }),
      );
      expect(erased.status).toBe(201);
      const shredded = await eventually(async () => {
        const res = await api.get(`/v1/subjects/${subjectId}/erasure`);
        return res.body.state === 'shredded' ? res.body : undefined;
      }, 'the subject to be shredded');
      expect(shredded).toMatchObject({ ground: { code: 'art17-1b' }, note: '[erased]' });
      const afterwards = await api.get(`/v1/subjects/${subjectId}/history?type=SubjectRequestReceived`);
      expect(afterwards.body.events[0].data).toEqual({ requestId: 'E-20', right: 'erasure', channel: 'dpo', ground: 'art17-1b', note: '[erased]' });
    } finally {
      await ledger.close({ keepData: true });
    }
    expect(findInFiles(dataDir, { note: encodings(note) })).toEqual([]);
  }, 120_000);
});
