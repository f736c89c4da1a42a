import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, eventHash } from '@ledger/event-store';
import { deriveKey, open, parseKey } from '@ledger/vault';
import { eventually } from './support/eventually';
import { encodings, filesUnder, findInFiles } from './support/file-scan';
import { client } from './support/http';
import { startLedger, tempDataDir } from './support/ledger-server';

/**
 * Judged by what is left on disk: a subject's personal values are never in any file the ledger
 * writes (event store, WAL, projections, key vault, access audit log, log), nor is the purpose
 * a reader stated naming her, and after erasure nothing the remaining keys can decrypt is left
 * of them either; the hash chains still verify.
 */
describe('no plaintext on disk, before and after erasure', () => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const secrets = {
    externalId: `EXT-${randomUUID().slice(0, 8)}`,
    email: 'zoe.scantest@example.nl',
    name: 'Zoë Scantest-Verhoeven',
    ip: '203.0.113.77',
    reason: 'Zoë Scantest-Verhoeven asked twice by phone',
  };
  const needles = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, encodings(v)]));

  it('keeps personal values out of every file, and leaves nothing decryptable after erasure', async () => {
    const logFile = join(dataDir, 'ledger.log');
    const ledger = await startLedger({ LEDGER_DATA_DIR: dataDir, LEDGER_LOG_FILE: logFile, LEDGER_LOG_LEVEL: 'trace' });
    const api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'compliance test' });
    const subject = { system: 'crm', externalId: secrets.externalId };
    const at = '2025-01-01T10:00:00Z';
    const recorded = await api.post('/v1/events/batch', {
      events: [
        {
          id: randomUUID(),
          type: 'PersonalDataCollected',
          occurredAt: at,
          subject,
          data: {
            categories: ['user.name', 'user.contact.email', 'user.device.ip_address'],
            purpose: 'service',
            legalBasis: 'contract',
            source: 'data-subject',
            system: 'crm',
          },
          personal: { email: secrets.email, name: secrets.name, ip: secrets.ip },
        },
        {
          id: randomUUID(),
          type: 'PersonalDataSharedWithProcessor',
          occurredAt: at,
          subject,
          data: { recipientId: 'mailer-co', categories: ['user.contact.email'], purpose: 'newsletter', legalBasis: 'contract' },
        },
        { id: randomUUID(), type: 'SubjectRequestReceived', occurredAt: at, subject, data: { requestId: 'R-1', right: 'access' } },
        { id: randomUUID(), type: 'SubjectRequestRejected', occurredAt: at, subject, data: { requestId: 'R-1', reason: secrets.reason } },
      ],
    });
    expect(recorded.status).toBe(201);
    const subjectId = recorded.body.events[0].subjectId;
    // Reads that carry personal data in and out: the lookup puts the external id in a URL.
    expect((await api.get(`/v1/subjects?system=crm&externalId=${secrets.externalId}`)).body.subjectId).toBe(subjectId);
    expect((await api.get(`/v1/subjects/${subjectId}/events`)).body.events[0].personal.email).toBe(secrets.email);
    expect((await api.get(`/v1/subjects/${subjectId}/history?minPosition=${recorded.body.events[3].position}`)).status).toBe(200);
    expect((await api.get(`/v1/subjects/${subjectId}/data-map`)).status).toBe(200);
    // The purpose of a read names the subject; so does a lookup's that finds no one.
    const purposeNamingHer = { 'x-purpose': `access request from ${secrets.email}` };
    expect((await api.get(`/v1/subjects/${subjectId}/events?limit=1`, purposeNamingHer)).status).toBe(200);
    expect((await api.get('/v1/subjects?system=crm&externalId=NOT-HER', purposeNamingHer)).status).toBe(404);
    const me = (await api.get('/v1/me')).body;
    const readsOfHer = async () =>
      (await api.get(`/v1/audit/access?subjectId=${subjectId}`)).body.entries as { keyId: string; keyName: string; purpose: string; route: string }[];
    expect((await readsOfHer()).map((e) => e.purpose)).toContain(`access request from ${secrets.email}`);
    expect(
      (await api.post('/v1/events', { id: 'bad', type: 'PersonalDataCollected', occurredAt: at, subject, data: {}, personal: { email: secrets.email } }))
        .status,
    ).toBe(400);

    const vault = new Database(join(dataDir, 'vault.db'), { readonly: true });
    const wrapped = (vault.prepare('SELECT wrapped FROM subject_keys WHERE subject_id = ?').all(subjectId) as { wrapped: Buffer }[]).map((r) => r.wrapped);
    const sealedName = (vault.prepare('SELECT external_id FROM subject_names WHERE subject_id = ?').get(subjectId) as { external_id: Buffer }).external_id;
    vault.close();
    expect(wrapped.length).toBeGreaterThanOrEqual(2);
    expect(
      filesUnder(dataDir)
        .map((f) => f.slice(dataDir.length + 1))
        .sort(),
    ).toEqual(expect.arrayContaining(['access-audit.db', 'events.db', 'events.db-wal', 'ledger.log', 'master.key', 'projections.db', 'vault.db']));
    expect(findInFiles(dataDir, needles)).toEqual([]);

    // Erase: the DPO records the request, the CRM reports it erased, the recipient is told.
    expect((await api.post(`/v1/subjects/${subjectId}/erasure`, { requestId: 'E-1' })).status).toBe(202);
    expect(
      (
        await api.post('/v1/events', {
          id: randomUUID(),
          type: 'PersonalDataErased',
          occurredAt: '2025-02-01T10:00:00Z',
          subject: { subjectId },
          data: { requestId: 'E-1', ground: 'subject-request', system: 'crm', categories: ['user.name', 'user.contact.email', 'user.device.ip_address'] },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api.post('/v1/events', {
          id: randomUUID(),
          type: 'RecipientNotifiedOfErasure',
          occurredAt: '2025-02-02T10:00:00Z',
          subject: { subjectId },
          data: { recipientId: 'mailer-co', requestId: 'E-1' },
        })
      ).status,
    ).toBe(201);
    await eventually(
      async () => ((await api.get(`/v1/subjects/${subjectId}/erasure`)).body.state === 'shredded' ? true : undefined),
      'the subject to be shredded',
    );
    // The audit still says who read her records, when and through which route; why is erased with her.
    const after = await readsOfHer();
    expect(after.find((e) => e.route === 'GET /v1/subjects/:subjectId/events' && e.purpose === '[erased]')).toMatchObject({
      keyId: me.keyId,
      keyName: me.name,
    });
    expect(after.map((e) => e.purpose).filter((p) => p !== '[erased]')).toEqual([]);
    const misses = (await api.get('/v1/audit/access')).body.entries.filter((e: { outcome: string }) => e.outcome === 'not-found');
    expect(misses).toEqual([expect.objectContaining({ keyId: me.keyId, system: 'crm', purpose: '[not kept]' })]);
    await ledger.close({ keepData: true });

    // Nothing in plaintext, still.
    expect(findInFiles(dataDir, needles)).toEqual([]);
    // The subject's wrapped keys and its sealed name are gone from every file, WAL included.
    expect(findInFiles(dataDir, { ...Object.fromEntries(wrapped.map((w, i) => [`wrapped key ${i}`, [w]])), 'sealed name': [sealedName] })).toEqual([]);

    // Every sealed box of the subject resists every key the vault still holds.
    const master = parseKey(readFileSync(join(dataDir, 'master.key'), 'utf8').trim(), 'master.key');
    const wrapKey = deriveKey(master, 'wrap');
    const vaultAfter = new Database(join(dataDir, 'vault.db'), { readonly: true });
    const remaining = (
      vaultAfter.prepare('SELECT subject_id, key_group, wrapped FROM subject_keys WHERE wrapped IS NOT NULL').all() as {
        subject_id: string;
        key_group: string;
        wrapped: Buffer;
      }[]
    ).map((r) => open(wrapKey, r.wrapped, `${r.subject_id}/${r.key_group}`));
    expect(vaultAfter.prepare('SELECT count(*) AS n FROM subject_names WHERE subject_id = ?').get(subjectId)).toEqual({ n: 0 });
    vaultAfter.close();
    const store = new Database(join(dataDir, 'events.db'), { readonly: true });
    const rows = store.prepare('SELECT * FROM events ORDER BY stream, revision').all() as any[];
    store.close();
    const boxes = rows
      .filter((r) => r.stream === `subject-${subjectId}`)
      .flatMap((r) =>
        Object.entries(JSON.parse(r.metadata).sealed ?? {}).map(([group, part]: [string, any]) => ({ id: r.id, group, box: part.box as string | undefined })),
      )
      .filter((b) => b.box);
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    for (const { id, group, box } of boxes) {
      for (const key of remaining) expect(() => open(key, Buffer.from(box!, 'base64'), `${id}/${group}`)).toThrow();
    }

    // The hash chains still verify: shredding changed no stored byte.
    let prev: { stream: string; hash: string } | undefined;
    for (const r of rows) {
      const prevHash: string | null = prev !== undefined && prev.stream === r.stream ? prev.hash : null;
      expect(r.prev_hash ? r.prev_hash.toString('hex') : null).toBe(prevHash);
      const hash = eventHash({
        prevHash,
        streamId: r.stream,
        revision: r.revision,
        id: r.id,
        type: r.type,
        recordedAt: r.recorded_at,
        data: canonicalJson(JSON.parse(r.data)),
        metadata: canonicalJson(JSON.parse(r.metadata)),
      });
      expect(hash).toBe(r.hash.toString('hex'));
      prev = { stream: r.stream as string, hash };
    }
    // The log did record the traffic, just not the values.
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('/v1/subjects?system=[redacted]&externalId=[redacted]');
    expect(log).toContain(`subject ${subjectId}: shredded identity, contact, fiscal (erasure)`);
  }, 120_000);
});
