import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import { example } from './fixtures/catalog-examples';
import { factRecorder } from './support/fact-recorder';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

/*
 * An independent, minimal verifier of the ledger's checkpoints and proofs, written from
 * RFC 9162 §2.1 and C2SP signed-note/tlog-checkpoint without the ledger's code: what a
 * regulator could write in an afternoon.
 */
const sha256 = (...parts: (Buffer | string)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
const leafHash = (leaf: Buffer | string) => sha256(Buffer.from([0]), leaf);
const node = (l: Buffer, r: Buffer) => sha256(Buffer.from([1]), l, r);

/** Opens a checkpoint note signed by `origin` with a raw Ed25519 key; throws unless it verifies. */
function openCheckpoint(note: string, rawKey: Buffer): { origin: string; size: number; root: Buffer } {
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  const [origin, size, root] = text.split('\n');
  const keyId = sha256(`${origin}\n`, Buffer.from([1]), rawKey).subarray(0, 4);
  const line = note
    .slice(split + 2)
    .split('\n')
    .find((l) => l.startsWith(`\u2014 ${origin} `));
  if (!line) throw new Error('no signature by the origin');
  const sig = Buffer.from(line.split(' ')[2], 'base64');
  if (!sig.subarray(0, 4).equals(keyId)) throw new Error('another key signed');
  const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), rawKey]), format: 'der', type: 'spki' });
  if (!verify(null, Buffer.from(text), key, sig.subarray(4))) throw new Error('bad checkpoint signature');
  return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
}

/** Inclusion (RFC 9162 §2.1.3.2), walked from the leaf up by the index's bits. */
function inclusionHolds(index: number, size: number, leaf: Buffer, proof: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let hash = leaf;
  let i = index;
  let last = size - 1;
  for (const p of proof) {
    if (last === 0) return false;
    if (i % 2 === 1 || i === last) {
      hash = node(p, hash);
      while (i % 2 === 0 && i !== 0) {
        i /= 2;
        last = Math.floor(last / 2);
      }
    } else hash = node(hash, p);
    i = Math.floor(i / 2);
    last = Math.floor(last / 2);
  }
  return last === 0 && hash.equals(root);
}

/** Consistency (RFC 9162 §2.1.4.2). */
function consistencyHolds(m: number, n: number, proof: Buffer[], root1: Buffer, root2: Buffer): boolean {
  if (m === n) return proof.length === 0 && root1.equals(root2);
  if (m < 1 || m > n || proof.length === 0) return false;
  const path = (m & (m - 1)) === 0 ? [root1, ...proof] : proof;
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else sr = node(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

const fromB64 = (hashes: string[]) => hashes.map((h) => Buffer.from(h, 'base64'));
/** Every proof with one bit flipped, at each hash in turn. */
const flippedBits = (hashes: Buffer[]) =>
  hashes.map((_, at) => hashes.map((h, i) => (i === at ? Buffer.from(h.map((b, j) => (j === (at * 7) % 32 ? b ^ (1 << (at % 8)) : b))) : h)));

describe('the log tree over HTTP: checkpoints, inclusion and consistency proofs', () => {
  let ledger: RunningLedger;
  let api: ReturnType<typeof client>;
  let rawKey: Buffer;
  const recorder = factRecorder(() => api);
  const fact = () => example('ConsentGiven', { subject: { system: 'crm', externalId: `C-${randomUUID()}` } });

  beforeAll(async () => {
    ledger = await startLedger();
    api = client(ledger.url, ledger.auth);
    const keys = (await api.get('/v1/keys/signing')).body;
    rawKey = Buffer.from(keys.publicKeyBase64, 'base64');
    expect(keys.noteVerifierKey).toMatch(new RegExp(`^${keys.checkpointOrigin.replace(/[/.]/g, '\\$&')}\\+[0-9a-f]{8}\\+`));
  });
  afterAll(() => ledger.close());

  const checkpoint = async () => {
    const res = await fetch(`${ledger.url}${recorder.fresh('/v1/ledger/checkpoint')}`, { headers: ledger.auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const note = await res.text();
    return { note, ...openCheckpoint(note, rawKey) };
  };

  it('proves each recorded fact in the tree, and that the later tree extends the earlier checkpoint', async () => {
    const first = [];
    for (let i = 0; i < 5; i++) first.push(await recorder.record(fact()));
    const old = await checkpoint();
    expect(old.size).toBe(recorder.position);

    const batch = await api.post('/v1/events/batch', { events: Array.from({ length: 8 }, fact) });
    expect(batch.status).toBe(201);
    const later = [];
    for (let i = 0; i < 3; i++) later.push(await recorder.record(fact()));
    const now = await checkpoint();
    expect(now.size).toBe(recorder.position);
    expect(now.size).toBe(old.size + 11);

    for (const event of [...first, ...later]) {
      const res = await api.get(`/v1/ledger/proofs/inclusion?eventId=${event.id}`);
      expect(res.status).toBe(200);
      const proof = res.body;
      expect(proof).toMatchObject({ eventId: event.id, leafIndex: event.position - 1, treeSize: now.size });
      expect(openCheckpoint(proof.checkpoint, rawKey)).toEqual({ origin: now.origin, size: now.size, root: now.root });
      const leaf = leafHash(`${event.id}\n${proof.eventHash}`);
      expect(leaf.toString('base64')).toBe(proof.leafHash);
      expect(inclusionHolds(proof.leafIndex, proof.treeSize, leaf, fromB64(proof.hashes), now.root)).toBe(true);
      for (const bad of flippedBits(fromB64(proof.hashes))) expect(inclusionHolds(proof.leafIndex, proof.treeSize, leaf, bad, now.root)).toBe(false);
    }
    // The first facts, in the tree of the old checkpoint.
    for (const event of first) {
      const proof = (await api.get(`/v1/ledger/proofs/inclusion?eventId=${event.id}&treeSize=${old.size}`)).body;
      expect(proof.treeSize).toBe(old.size);
      expect(inclusionHolds(proof.leafIndex, old.size, Buffer.from(proof.leafHash, 'base64'), fromB64(proof.hashes), old.root)).toBe(true);
    }

    const consistency = await api.get(`/v1/ledger/proofs/consistency?from=${old.size}`);
    expect(consistency.status).toBe(200);
    expect(consistency.body).toMatchObject({ fromSize: old.size, toSize: now.size });
    expect(openCheckpoint(consistency.body.checkpoint, rawKey).root).toEqual(now.root);
    const hashes = fromB64(consistency.body.hashes);
    expect(consistencyHolds(old.size, now.size, hashes, old.root, now.root)).toBe(true);
    for (const bad of flippedBits(hashes)) expect(consistencyHolds(old.size, now.size, bad, old.root, now.root)).toBe(false);
    // A checkpoint of a rewritten log would have another root: the proof does not lead to it.
    expect(consistencyHolds(old.size, now.size, hashes, sha256('another history'), now.root)).toBe(false);

    // Every pair of sizes along the way, as a witness that checks each new checkpoint would.
    for (let from = 1; from <= now.size; from += 3) {
      const step = (await api.get(`/v1/ledger/proofs/consistency?from=${from}&to=${now.size}`)).body;
      // The checkpoint of an earlier size comes with an (empty) proof from that size to itself.
      const fromRoot = openCheckpoint((await api.get(`/v1/ledger/proofs/consistency?from=${from}&to=${from}`)).body.checkpoint, rawKey).root;
      expect(consistencyHolds(from, now.size, fromB64(step.hashes), fromRoot, now.root)).toBe(true);
    }
  });

  it('gives the same checkpoint for the same tree, byte for byte', async () => {
    await recorder.record(fact());
    const a = await checkpoint();
    const b = await checkpoint();
    expect(a.note).toBe(b.note);
  });

  it('waits for an event just recorded with ?minPosition=, and says 404 for an event it does not know', async () => {
    const recorded = await recorder.record(fact());
    const res = await api.get(`/v1/ledger/proofs/inclusion?eventId=${recorded.id}&minPosition=${recorded.position}`);
    expect(res.status).toBe(200);
    expect(res.body.leafIndex).toBe(recorded.position - 1);
    const unknown = await api.get(`/v1/ledger/proofs/inclusion?eventId=${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/is not in the log tree .*minPosition/);
  });

  it.each([
    ['/v1/ledger/proofs/inclusion', 'eventId'],
    ['/v1/ledger/proofs/inclusion?eventId=42', 'eventId'],
    ['/v1/ledger/proofs/inclusion?eventId=EVENT&treeSize=1e3', 'treeSize'],
    ['/v1/ledger/proofs/inclusion?eventId=EVENT&treeSize=100000', 'treeSize'],
    ['/v1/ledger/proofs/inclusion?eventId=EVENT&treeSize=1', 'treeSize'],
    ['/v1/ledger/proofs/consistency?from=0', 'from'],
    ['/v1/ledger/proofs/consistency?from=-1', 'from'],
    ['/v1/ledger/proofs/consistency?from=3&to=2', 'from'],
    ['/v1/ledger/proofs/consistency?to=100000', 'to'],
    ['/v1/ledger/proofs/consistency?from=1&size=3', 'size'],
    ['/v1/ledger/checkpoint?minPosition=100000', 'minPosition'],
  ])('refuses %s with a 400 naming %s', async (path, name) => {
    const latest = await recorder.record(fact());
    const res = await api.get(path.replace('EVENT', `${latest.id}&minPosition=${latest.position}`));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain(name);
  });
});
