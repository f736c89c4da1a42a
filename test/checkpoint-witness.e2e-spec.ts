import 'reflect-metadata';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLedgerConfig } from '@ledger/config';
import { example } from './fixtures/catalog-examples';
import { eventually } from './support/eventually';
import { factRecorder } from './support/fact-recorder';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { startLedger } from './support/ledger-server';
import { rewriteStream, tamperWithCopy } from './support/tamper';

const CHECKPOINT = /^(\S+)\n(\d+)\n[A-Za-z0-9+/]{43}=\n\n— \1 \S+\n$/;
const fact = () => example('ConsentGiven', { subject: { system: 'crm', externalId: `C-${randomUUID()}` } });

/**
 * Witnessing: the ledger publishes its checkpoints where its operator cannot rewrite them (a
 * directory, an HTTP endpoint), and `ledger verify --since-checkpoint` later proves that the
 * log extends a published checkpoint — or that it was rewritten.
 */
describe('published checkpoints', () => {
  const scratch: string[] = [];
  const tempDir = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), name));
    scratch.push(dir);
    return dir;
  };
  afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const published = (dir: string) =>
    readdirSync(dir)
      .map((name) => ({ name, size: Number(/^checkpoint-(\d+)\.txt$/.exec(name)?.[1]) }))
      .sort((a, b) => a.size - b.size);

  it('writes a checkpoint file for each size the tree grew to, and verify proves the log extends the first', async () => {
    const witness = tempDir('ledger-witness-');
    const ledger = await startLedger({ LEDGER_CHECKPOINT_PUBLISH: witness, LEDGER_CHECKPOINT_INTERVAL_SECONDS: '1' });
    const api = client(ledger.url, ledger.auth);
    const recorder = factRecorder(() => api);
    for (let i = 0; i < 4; i++) await recorder.record(fact());
    const first = await eventually(async () => published(witness).find((f) => f.size === recorder.position), 'the first checkpoint to be published');
    for (let i = 0; i < 5; i++) await recorder.record(fact());
    await eventually(async () => published(witness).find((f) => f.size === recorder.position), 'a later checkpoint to be published');
    const note = readFileSync(join(witness, first.name), 'utf8');
    expect(note).toMatch(CHECKPOINT);
    expect(Number(CHECKPOINT.exec(note)![2])).toBe(first.size);
    const keys = join(witness, '..', `${randomUUID()}-keys.json`);
    writeFileSync(keys, JSON.stringify((await api.get('/v1/keys/signing')).body));
    scratch.push(keys);
    await ledger.close({ keepData: true });
    scratch.push(ledger.dataDir);

    const verified = await runCli(['verify', '--since-checkpoint', join(witness, first.name), '--public-key', keys], { LEDGER_DATA_DIR: ledger.dataDir });
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toContain(`EXTENDS: the log now holds 9 events and its first 4 are exactly those the checkpoint committed to`);

    // A stream rewritten with every hash recomputed: the chains hold, the published checkpoint does not.
    const events = new Database(join(ledger.dataDir, 'events.db'), { readonly: true });
    const stream = events.prepare('SELECT stream FROM events WHERE position = 2').pluck().get() as string;
    events.close();
    const rewritten = tamperWithCopy(ledger.dataDir, (db) => rewriteStream(db, stream, 0, (data) => ({ ...data, purpose: 'profiling' })));
    scratch.push(rewritten);
    const caught = await runCli(['verify', '--since-checkpoint', join(witness, first.name), '--public-key', keys], { LEDGER_DATA_DIR: rewritten });
    expect(caught.code).toBe(1);
    expect(caught.stdout).toContain('REWRITTEN: the first 4 events of the log are not the ones the checkpoint committed to');

    // The end of the log cut off.
    const cut = tamperWithCopy(ledger.dataDir, (db) => db.prepare('DELETE FROM events WHERE position > 3').run());
    scratch.push(cut);
    const shortened = await runCli(['verify', '--since-checkpoint', join(witness, first.name), '--public-key', keys], { LEDGER_DATA_DIR: cut });
    expect(shortened.code).toBe(1);
    expect(shortened.stdout).toContain('REWRITTEN: the log holds 3 events, fewer than the 4 the checkpoint committed to');

    // The checkpoint file itself changed.
    const forged = join(witness, 'forged.txt');
    writeFileSync(forged, note.replace(/\n\d+\n/, `\n${first.size + 1}\n`));
    const refused = await runCli(['verify', '--since-checkpoint', forged, '--public-key', keys], { LEDGER_DATA_DIR: ledger.dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('NOT AUTHENTIC');
  });

  it('POSTs checkpoints to an HTTP endpoint', async () => {
    const received: string[] = [];
    const witness = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.headers['content-type']?.startsWith('text/plain')) received.push(body);
        res.writeHead(204).end();
      });
    });
    witness.listen(0, '127.0.0.1');
    await once(witness, 'listening');
    const url = `http://127.0.0.1:${(witness.address() as AddressInfo).port}/witness/add-checkpoint`;
    const ledger = await startLedger({ LEDGER_CHECKPOINT_PUBLISH: url, LEDGER_CHECKPOINT_INTERVAL_SECONDS: '1' });
    try {
      const recorder = factRecorder(() => client(ledger.url, ledger.auth));
      await recorder.record(fact());
      await recorder.record(fact());
      const note = await eventually(async () => received.find((n) => CHECKPOINT.exec(n)?.[2] === String(recorder.position)), 'a checkpoint to be POSTed');
      expect(note).toMatch(CHECKPOINT);
    } finally {
      await ledger.close();
      witness.close();
    }
  });

  it.each([
    ['ftp://witness.example/checkpoints', 'LEDGER_CHECKPOINT_PUBLISH: must be a directory or an http(s) URL, not ftp:'],
    ['http://', 'LEDGER_CHECKPOINT_PUBLISH: must be a directory or an http(s) URL'],
  ])('refuses to start with LEDGER_CHECKPOINT_PUBLISH=%s', (value, message) => {
    expect(() => loadLedgerConfig({ LEDGER_CHECKPOINT_PUBLISH: value })).toThrow(message);
  });
});
