import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './support/eventually';
import { encodings, findInFiles } from './support/file-scan';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { generateApiKey } from '@ledger/access';
import { startLedger, tempDataDir } from './support/ledger-server';

/**
 * Issue 17, point 5: a vault restored from a backup older than an erasure must not bring the
 * erased subject back. The ledger applies the log's SubjectDataShredded again before it serves
 * (and `vault reapply-erasures` does on demand).
 */
describe('erasure survives restoring an older vault backup', () => {
  const dataDir = tempDataDir();
  const backups = tempDataDir();
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(backups, { recursive: true, force: true });
  });

  const erased = { externalId: `ERASED-${randomUUID().slice(0, 8)}`, email: 'ruth.restore@example.nl', name: 'Ruth Restoretest' };
  const kept = { externalId: `KEPT-${randomUUID().slice(0, 8)}`, email: 'karel.kept@example.nl', name: 'Karel Keeptest' };
  const needles = Object.fromEntries(Object.entries(erased).map(([k, v]) => [k, encodings(v)]));
  const at = '2025-01-01T10:00:00Z';
  const collected = (who: typeof erased) => ({
    id: randomUUID(),
    type: 'PersonalDataCollected',
    occurredAt: at,
    subject: { system: 'crm', externalId: who.externalId },
    data: { categories: ['user.name', 'user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
    personal: { email: who.email, name: who.name },
  });
  const env = { LEDGER_DATA_DIR: dataDir, LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey() };
  const vaultFile = join(dataDir, 'vault.db');
  const backup = join(backups, 'vault.db');
  /** What an operator does: the backup file in place of the vault, the vault's WAL gone with the rest of it. */
  const restoreBackup = () => {
    for (const suffix of ['-wal', '-shm']) rmSync(vaultFile + suffix, { force: true });
    copyFileSync(backup, vaultFile);
  };
  const wrappedKeysIn = (file: string, subjectId: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare('SELECT key_group, wrapped FROM subject_keys WHERE subject_id = ? AND wrapped IS NOT NULL').all(subjectId) as {
        key_group: string;
        wrapped: Buffer;
      }[];
    } finally {
      db.close();
    }
  };

  let erasedId: string;
  let keptId: string;

  it('destroys again at start what the log says was destroyed, before serving; the log still verifies', async () => {
    let ledger = await startLedger(env);
    let api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'restore test' });
    const recorded = await api.post('/v1/events/batch', { events: [collected(erased), collected(kept)] });
    expect(recorded.status).toBe(201);
    [erasedId, keptId] = recorded.body.events.map((e: { subjectId: string }) => e.subjectId);

    // An online backup of the running ledger's vault, as `sqlite3 vault.db .backup` makes one.
    const live = new Database(vaultFile, { readonly: true });
    await live.backup(backup);
    live.close();

    expect((await api.post(`/v1/subjects/${erasedId}/erasure`, { requestId: 'E-1' })).status).toBe(202);
    const erasedFact = {
      id: randomUUID(),
      type: 'PersonalDataErased',
      occurredAt: '2025-02-01T10:00:00Z',
      subject: { subjectId: erasedId },
      data: { requestId: 'E-1', ground: 'subject-request', system: 'crm', categories: ['user.name', 'user.contact.email'] },
    };
    expect((await api.post('/v1/events', erasedFact)).status).toBe(201);
    await eventually(
      async () => ((await api.get(`/v1/subjects/${erasedId}/erasure`)).body.state === 'shredded' ? true : undefined),
      'the subject to be shredded',
    );
    await ledger.close({ keepData: true });

    // The backup holds the erased subject's keys: restoring it is what would bring her back.
    const inBackup = wrappedKeysIn(backup, erasedId);
    expect(inBackup.map((k) => k.key_group).sort()).toEqual(['contact', 'identity']);
    expect(findInFiles(dataDir, Object.fromEntries(inBackup.map((k) => [`${k.key_group} key`, [k.wrapped]])))).toEqual([]);
    restoreBackup();
    expect(wrappedKeysIn(vaultFile, erasedId)).toHaveLength(2);

    ledger = await startLedger(env);
    api = client(ledger.url, { ...ledger.auth, 'x-purpose': 'restore test' });
    // The first answer already reads her as erased: the pass ended before the server listened.
    const read = await api.get(`/v1/subjects/${erasedId}/events`);
    expect(read).toMatchObject({ status: 200 });
    const events = read.body.events;
    expect(events[0].personal).toEqual({ email: '[erased]', name: '[erased]' });
    expect((await api.get(`/v1/subjects?system=crm&externalId=${erased.externalId}`)).status).toBe(404);
    expect((await api.get(`/v1/subjects/${keptId}/events`)).body.events[0].personal).toEqual({ email: kept.email, name: kept.name });
    // A fact that arrives for her now cannot get the old key back either.
    const late = await api.post('/v1/events', { ...collected(erased), subject: { subjectId: erasedId } });
    expect(late.status).toBe(201);
    await ledger.close({ keepData: true });

    expect(wrappedKeysIn(vaultFile, erasedId)).toEqual([]);
    const scan = findInFiles(dataDir, { ...needles, ...Object.fromEntries(inBackup.map((k) => [`restored ${k.key_group} key`, [k.wrapped]])) });
    expect(scan).toEqual([]);
    const verified = await runCli(['verify'], { LEDGER_DATA_DIR: dataDir });
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringContaining('INTACT') });
  }, 120_000);

  it('does the same on demand: `vault reapply-erasures` reads the whole log, and a second run finds nothing to do', async () => {
    restoreBackup();
    expect(wrappedKeysIn(vaultFile, erasedId)).toHaveLength(2);
    const first = await runCli(['vault', 'reapply-erasures'], { LEDGER_DATA_DIR: dataDir });
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`destroyed again (the vault still held them): ${erasedId} (identity, contact, fiscal)`),
    });
    expect(wrappedKeysIn(vaultFile, erasedId)).toEqual([]);
    expect(findInFiles(dataDir, Object.fromEntries(wrappedKeysIn(backup, erasedId).map((k) => [`restored ${k.key_group} key`, [k.wrapped]])))).toEqual([]);
    const second = await runCli(['vault', 'reapply-erasures', '--json'], { LEDGER_DATA_DIR: dataDir });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ from: null, shreddings: 1, reapplied: [] });
  }, 60_000);
});
