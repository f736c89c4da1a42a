import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from '../sqlite/sqlite-connection';
import { digestBasis } from './digest-basis';
import { SqliteStreamHeads } from './sqlite-stream-heads';
import type { DigestBasisReply, DigestBasisRequest } from './sqlite-digest-bases';

// The worker thread of SqliteDigestBases: one read-only connection, one request at a time.
const db = openSqlite((workerData as { file: string }).file, { readonly: true, cacheMiB: 32 });
const heads = new SqliteStreamHeads(db);
// One read transaction per basis: appends on the server's connection go on meanwhile, and the heads must all be of one snapshot.
const basisAt = db.transaction((position: number) => digestBasis(heads.headsAt(position), position));

parentPort!.on('message', ({ id, position }: DigestBasisRequest) => {
  try {
    const basis = basisAt(position);
    // The heads' bytes move to the server's thread rather than being copied.
    parentPort!.postMessage({ id, basis } satisfies DigestBasisReply, [basis.headsJson.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message } satisfies DigestBasisReply);
  }
});
