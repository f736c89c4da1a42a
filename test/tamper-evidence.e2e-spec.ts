import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignedDigest, VerificationReport, describeProblem, headsRoot, parseSignedDigest, verifySqliteLedger } from '@ledger/event-store';
import { PublicSigningKey, PublishedKeySet } from '@ledger/vault';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { runCli } from './support/ledger-cli';
import { RunningLedger, startLedger, tempDataDir } from './support/ledger-server';
import { flipByteOfData, rewriteStream, swapData, tamperWithCopy } from './support/tamper';

/**
 * Tamper evidence end to end: facts recorded over HTTP, the server closed, then events.db edited
 * behind the ledger's back. verify must name the exact place every time; what a hash chain
 * alone cannot see (a cut-off tail, a consistent rewrite) a digest saved earlier must.
 */
describe('tamper evidence: verify, signed digests, the signing key', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  let dataDir: string;
  let publicKey: PublishedKeySet;
  /** Saved at the newest position, before anything was edited. */
  let saved: SignedDigest;
  /** Saved when the log ended at position 9. */
  let early: SignedDigest;
  const scratch: string[] = [];
  /** Where each recorded fact landed, by a short name: A1 is subject A's revision 1. */
  const at: Record<string, { stream: string; revision: number; position: number }> = {};

  const subject = (name: string) => ({ subject: { system: 'crm', externalId: `C-${name}` } });
  const breach = { breachId: 'B-7' };
  const record = async (name: string, type: string, ref: Record<string, unknown>) => {
    const res = await api.post('/v1/events', example(type, ref));
    expect(res.status).toBe(201);
    at[name] = res.body;
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    ledger = await startLedger({ LEDGER_DATA_DIR: dataDir });
    api = client(ledger.url, ledger.auth);
    // Four streams, interleaved; subject A's last two events end the log.
    await record('A0', 'PersonalDataCollected', subject('A'));
    await record('B0', 'PersonalDataCollected', subject('B'));
    await record('A1', 'ConsentGiven', subject('A'));
    await record('R0', 'BreachDetected', breach);
    await record('B1', 'SubjectRequestReceived', subject('B'));
    await record('C0', 'PersonalDataCollected', subject('C'));
    await record('B2', 'PersonalDataExported', subject('B'));
    await record('R1', 'BreachAssessed', breach);
    await record('C1', 'ConsentGiven', subject('C'));
    early = (await api.get('/v1/ledger/digest')).body;
    await record('A2', 'ConsentWithdrawn', subject('A'));
    await record('A3', 'ObjectionRecorded', subject('A'));
    saved = (await api.get('/v1/ledger/digest')).body;
    publicKey = (await api.get('/v1/keys/signing')).body;
  });
  afterAll(async () => {
    await ledger.close();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  describe('over HTTP', () => {
    it('creates its signing key on first start, readable by the owner only, and publishes the public half', async () => {
      expect(statSync(join(dataDir, 'signing.key')).mode & 0o777).toBe(0o600);
      expect(PublicSigningKey.parse(readFileSync(join(dataDir, 'signing.key'), 'utf8')).keyId).toBe(publicKey.keyId);
      // The current key's fields at the top level (as before key rotation), every key in `keys`.
      expect(publicKey).toMatchObject({
        algorithm: 'Ed25519',
        keyId: expect.stringMatching(/^[0-9a-f]{64}$/),
        publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n/),
        publicKeyBase64: expect.any(String),
      });
      expect(publicKey.keys).toEqual([expect.objectContaining({ keyId: publicKey.keyId, validFrom: null, validUntil: null })]);
      expect(Buffer.from(publicKey.publicKeyBase64, 'base64')).toHaveLength(32);
      expect(PublicSigningKey.parse(publicKey.publicKeyPem).keyId).toBe(publicKey.keyId);
    });

    it('serves a digest of every stream head, signed with that key', () => {
      expect(at.A3.position).toBe(11);
      expect(saved.digest).toEqual({
        format: 'privacy-ledger/digest/v1',
        position: 11,
        streams: 4,
        root: expect.stringMatching(/^[0-9a-f]{64}$/),
        issuedAt: expect.any(String),
      });
      expect(saved.heads).toEqual(
        expect.arrayContaining([
          { stream: at.A3.stream, revision: 3, hash: expect.any(String) },
          { stream: at.B2.stream, revision: 2, hash: expect.any(String) },
          { stream: at.C1.stream, revision: 1, hash: expect.any(String) },
          { stream: 'breach-B-7', revision: 1, hash: expect.any(String) },
        ]),
      );
      expect(headsRoot(saved.heads!)).toBe(saved.digest.root);
      expect(saved.signature.keyId).toBe(publicKey.keyId);
      expect(PublicSigningKey.parse(JSON.stringify(publicKey)).check(saved.digest, saved.signature)).toEqual({ valid: true });
    });

    it('gives the same root for an earlier position however much was appended since', async () => {
      const again = (await api.get(`/v1/ledger/digest?position=${early.digest.position}`)).body as SignedDigest;
      expect(early.digest.position).toBe(9);
      expect(again.digest.root).toBe(early.digest.root);
      expect(again.heads).toEqual(early.heads);
      expect(again.digest.root).not.toBe(saved.digest.root);
    });

    it('leaves the heads out on request (?heads=false), keeping root and signature', async () => {
      const compact = (await api.get('/v1/ledger/digest?heads=false')).body as SignedDigest;
      expect(compact.heads).toBeUndefined();
      expect(compact.digest.root).toBe(saved.digest.root);
      expect(PublicSigningKey.parse(publicKey.publicKeyPem).check(compact.digest, compact.signature)).toEqual({ valid: true });
    });

    it.each([['abc'], ['-1'], ['1.5'], ['1e3'], [''], ['12']])('answers ?position=%s with a 400 that names the parameter', async (position) => {
      const res = await api.get(`/v1/ledger/digest?position=${position}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(/^position /),
        details: [{ path: 'position', message: expect.any(String) }],
      });
    });
  });

  describe('after the server is closed and events.db is edited behind its back', () => {
    beforeAll(() => ledger.close({ keepData: true }));

    const key = () => PublicSigningKey.parse(publicKey.publicKeyPem);
    const verify = (dir: string, digest?: SignedDigest): Promise<VerificationReport> =>
      verifySqliteLedger({ file: join(dir, 'events.db'), digest: digest && { signed: digest, checkSignature: (v, s) => key().check(v, s) } });
    const copy = (edit: Parameters<typeof tamperWithCopy>[1]) => {
      const dir = tamperWithCopy(dataDir, edit);
      scratch.push(dir);
      return dir;
    };

    it('passes the untouched ledger, alone and against both digests', async () => {
      expect(await verify(dataDir)).toMatchObject({ events: 11, streams: 4, lastPosition: 11, problems: [] });
      expect((await verify(dataDir, saved)).problems).toEqual([]);
      expect((await verify(dataDir, early)).problems).toEqual([]);
    });

    it('names the stream, revision and position of an event with one byte flipped', async () => {
      const report = await verify(copy((db) => flipByteOfData(db, at.A1.position)));
      expect(report.problems).toEqual([{ kind: 'altered-event', stream: at.A1.stream, revision: 1, position: 3 }]);
      expect(describeProblem(report.problems[0])).toBe(
        `stream ${at.A1.stream}, revision 1 (position 3): the stored event does not match its hash; it was changed after it was recorded`,
      );
    });

    it('names the position of a deleted row and the revision its stream lost', async () => {
      const report = await verify(copy((db) => db.prepare('DELETE FROM events WHERE position = ?').run(at.B1.position)));
      expect(report.problems).toEqual([
        { kind: 'missing-positions', from: 5, to: 5 },
        { kind: 'missing-revisions', stream: at.B1.stream, from: 1, to: 1, position: at.B2.position },
      ]);
      expect(report.problems.map(describeProblem)).toEqual([
        'position 5 is missing from the log: an event was deleted',
        `stream ${at.B1.stream}: revision 1 is missing (the stream continues at revision 2, position 7)`,
      ]);
    });

    it('names both events when two rows swap their data', async () => {
      const report = await verify(copy((db) => swapData(db, at.A1.position, at.B1.position)));
      expect(report.problems).toEqual([
        { kind: 'altered-event', stream: at.A1.stream, revision: 1, position: 3 },
        { kind: 'altered-event', stream: at.B1.stream, revision: 1, position: 5 },
      ]);
    });

    it('names the positions cut from the tail of a stream inside the log, and the digest names the stream', async () => {
      const dir = copy((db) => db.prepare('DELETE FROM events WHERE stream = ? AND revision >= 1').run(at.B1.stream));
      const report = await verify(dir, saved);
      expect(report.problems).toEqual([
        { kind: 'missing-positions', from: 5, to: 5 },
        { kind: 'missing-positions', from: 7, to: 7 },
        { kind: 'stream-truncated', stream: at.B1.stream, committed: 2, now: 0 },
      ]);
    });

    it('cannot see a stream cut short at the end of the log without a digest; the digest names it', async () => {
      const dir = copy((db) => db.prepare('DELETE FROM events WHERE stream = ? AND revision >= 2').run(at.A2.stream));
      expect((await verify(dir)).problems).toEqual([]);
      const report = await verify(dir, saved);
      expect(report.problems).toEqual([
        { kind: 'log-shortened', position: 11, last: 9 },
        { kind: 'stream-truncated', stream: at.A2.stream, committed: 3, now: 1 },
      ]);
      expect(describeProblem(report.problems[1])).toBe(
        `stream ${at.A2.stream}: the digest committed to revision 3, but the stream now ends at revision 1; revisions 2 to 3 are gone`,
      );
      // A digest saved before those events were recorded has nothing to say about them.
      expect((await verify(dir, early)).problems).toEqual([]);
    });

    it('passes a rewrite that recomputes every hash consistently, which a digest saved before it catches', async () => {
      const dir = copy((db) => rewriteStream(db, at.C0.stream, 0, (data) => ({ ...data, legalBasis: 'legitimate-interests' })));
      expect((await verify(dir)).problems).toEqual([]);
      const report = await verify(dir, saved);
      expect(report.problems).toEqual([{ kind: 'stream-rewritten', stream: at.C0.stream, revision: 1 }]);
      expect((await verify(dir, early)).problems).toEqual([{ kind: 'stream-rewritten', stream: at.C0.stream, revision: 1 }]);
    });

    it('refuses a digest with one character changed: its signature fails', async () => {
      // The last digit of issuedAt, in the saved file's text.
      const text = JSON.stringify(saved).replace(/\d(?=Z")/, (d) => String((Number(d) + 1) % 10));
      expect(text).not.toBe(JSON.stringify(saved));
      const report = await verify(dataDir, parseSignedDigest(text));
      expect(report.problems).toEqual([{ kind: 'bad-signature', reason: 'the signature does not match the signed content; it was changed after signing' }]);
    });

    describe('the CLI, as a child process', () => {
      const digestFile = (text = JSON.stringify(saved)) => {
        const dir = tempDataDir();
        scratch.push(dir);
        writeFileSync(join(dir, 'digest.json'), text);
        writeFileSync(join(dir, 'ledger-key.json'), JSON.stringify(publicKey));
        return { digest: join(dir, 'digest.json'), key: join(dir, 'ledger-key.json') };
      };

      it('says INTACT and exits 0 on the untouched ledger checked against the saved digest', async () => {
        const files = digestFile();
        const run = await runCli(['verify', '--digest', files.digest, '--public-key', files.key], { LEDGER_DATA_DIR: dataDir });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('Checked 11 events in 4 streams (positions 1 to 11)');
        expect(run.stdout).toContain(
          `Checked: ${files.digest} (file SHA-256 ${createHash('sha256').update(JSON.stringify(saved)).digest('hex')}), read strictly`,
        );
        expect(run.stdout).toContain('INTACT');
      });

      it.each([
        // What a reader of the file sees first is a digest of a later position; JSON.parse keeps the genuine one, which holds.
        [
          'a forged digest before the genuine one',
          () => `{"digest":${JSON.stringify({ ...saved.digest, position: 99, streams: 9 })},${JSON.stringify(saved).slice(1)}`,
          'the key "digest" appears twice at the top level',
        ],
        [
          'a position with digits the signed one does not have',
          () => JSON.stringify(saved).replace('"position":11', '"position":11.000000000000000001'),
          'the number 11.000000000000000001 in digest.position is not written canonically',
        ],
      ])('cannot verify against %s (exit 2), where JSON.parse would say INTACT', async (_, text, problem) => {
        expect(JSON.parse(text())).toEqual(JSON.parse(JSON.stringify(saved)));
        const files = digestFile(text());
        const run = await runCli(['verify', '--digest', files.digest, '--public-key', files.key], { LEDGER_DATA_DIR: dataDir });
        expect(run).toMatchObject({ code: 2, stdout: '' });
        expect(run.stderr).toContain(problem);
      });

      it('names the first broken place and exits 1 on a tampered ledger', async () => {
        const dir = copy((db) => {
          flipByteOfData(db, at.A1.position);
          db.prepare('DELETE FROM events WHERE stream = ? AND revision >= 2').run(at.A2.stream);
        });
        const files = digestFile();
        const run = await runCli(['verify', '--digest', files.digest, '--public-key', files.key], { LEDGER_DATA_DIR: dir });
        expect(run.code).toBe(1);
        expect(run.stdout).toContain('TAMPERED: 3 problems found.');
        expect(run.stdout).toContain(`First: stream ${at.A1.stream}, revision 1 (position 3): the stored event does not match its hash`);
        expect(run.stdout).toContain(`stream ${at.A2.stream}: the digest committed to revision 3, but the stream now ends at revision 1`);
      });
    });
  });
});
