import { HASH_SIZE } from '../merkle/hashes';

/** A log's tree head as a C2SP tlog-checkpoint states it: origin, tree size, RFC 6962 root hash. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
  /** Optional lines after the root hash; the ledger writes none. */
  readonly extensions: readonly string[];
}

/** Note text that is not a checkpoint: says which line is wrong. */
export class MalformedCheckpointError extends Error {
  constructor(message: string) {
    super(`not a checkpoint: ${message}`);
    this.name = 'MalformedCheckpointError';
  }
}

/** The note text of a checkpoint (C2SP tlog-checkpoint): `<origin>\n<size>\n<base64 root>\n`. */
export function checkpointText(checkpoint: Pick<Checkpoint, 'origin' | 'size' | 'rootHash'>): string {
  if (!checkpoint.origin || /[\n]/.test(checkpoint.origin)) throw new MalformedCheckpointError('the origin must be one non-empty line');
  return `${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.rootHash.toString('base64')}\n`;
}

/** Reads a checkpoint's note text (the part its signatures cover). */
export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new MalformedCheckpointError('the text must end with a newline');
  const [origin, size, root, ...extensions] = lines;
  if (!origin) throw new MalformedCheckpointError('the first line, the origin, is empty');
  if (size === undefined || !/^(0|[1-9][0-9]{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new MalformedCheckpointError('the second line must be the tree size in decimal, without leading zeros');
  }
  const rootHash = Buffer.from(root ?? '', 'base64');
  if (rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== root)
    throw new MalformedCheckpointError('the third line must be the base64 of a 32-byte root hash');
  if (extensions.some((line) => line === '')) throw new MalformedCheckpointError('extension lines must not be empty');
  return { origin, size: Number(size), rootHash, extensions };
}
