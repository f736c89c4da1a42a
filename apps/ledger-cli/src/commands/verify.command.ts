import { InvalidArgumentError, type Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignedDigest, VerificationReport, describeProblem, parseSignedDigest, verifySqliteLedger } from '@ledger/event-store';
import { PublicKeySet, publicKeysInDirectory } from '@ledger/vault';
import { dataFile } from '@ledger/config';
import { cliConfig } from '../cli-config';
import { progressOnStderr } from '../progress';
import { readSignedFile } from '../signed-file';
import { ExtensionVerdict, OpenedCheckpoint, checkExtension, openCheckpoint } from './checkpoint-extension';

interface VerifyOptions {
  digest?: string;
  sinceCheckpoint?: string;
  publicKey?: string;
  threads?: number;
}

/** Exit codes: 0 intact, 1 tampering found, 2 could not verify (bad arguments included). */
const INTACT = 0;
const TAMPERED = 1;
const CANNOT_VERIFY = 2;
const SHOWN = 20;
const n = (value: number) => value.toLocaleString('en-US');

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('recompute every hash chain and the position sequence; with --digest, check that a digest saved earlier still holds')
    .option('--digest <file>', 'a digest saved from GET /v1/ledger/digest')
    .option('--since-checkpoint <file>', 'a checkpoint kept earlier (GET /v1/ledger/checkpoint, or a published one): prove that the log today extends it')
    .option(
      '--public-key <file>',
      "the ledger's public keys: the JSON of GET /v1/keys/signing, a PEM file or raw base64 (default: the keys in the data directory)",
    )
    .option('--threads <n>', 'worker threads hashing in parallel (default: one per core, up to 4, on logs of 500,000 events or more)', threadCount)
    // A script must never read a mistyped option as "tampering found".
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : CANNOT_VERIFY))
    .action(async (options: VerifyOptions) => {
      process.exitCode = await verify(options);
    });
}

function threadCount(value: string): number {
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new InvalidArgumentError('must be a whole number from 1 to 64');
  return threads;
}

async function verify(options: VerifyOptions): Promise<number> {
  const config = cliConfig();
  const file = join(config.dataDir, 'events.db');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const refuse = (reason: string) => {
    process.stderr.write(`ledger verify: ${reason}\n`);
    return CANNOT_VERIFY;
  };
  if (config.eventStore !== 'sqlite') return refuse('verify reads the embedded SQLite store; LEDGER_EVENT_STORE is not sqlite');
  if (!existsSync(file)) return refuse(`there is no ledger at ${file}`);

  let digest: { signed: SignedDigest; sha256: string; key: PublicKeySet; keySource: string } | undefined;
  if (options.digest) {
    const local = options.publicKey ? undefined : publicKeysInDirectory(config.dataDir);
    const keyFile = options.publicKey ?? local?.file ?? dataFile(config, 'signing.key');
    if (!existsSync(keyFile)) return refuse(`no public key to check the digest's signature: pass --public-key (there is no ${keyFile})`);
    const read = <T>(path: string, parse: () => T): T | string => {
      try {
        return parse();
      } catch (error) {
        return `cannot read ${path}: ${(error as Error).message}`;
      }
    };
    const digestFile = options.digest;
    // Strictly: a key twice or a number written unlike its value would let the file say one thing and verify another.
    const saved = read(digestFile, () => {
      const { text, sha256 } = readSignedFile(digestFile);
      return { signed: parseSignedDigest(text), sha256 };
    });
    if (typeof saved === 'string') return refuse(saved);
    const key = local?.keys ?? read(keyFile, () => PublicKeySet.parse(readFileSync(keyFile, 'utf8')));
    if (typeof key === 'string') return refuse(key);
    digest = { ...saved, key, keySource: keyFile };
  }

  let since: { file: string; opened: OpenedCheckpoint; keys: PublicKeySet; keySource: string } | undefined;
  if (options.sinceCheckpoint) {
    const local = options.publicKey ? undefined : publicKeysInDirectory(config.dataDir);
    const keyFile = options.publicKey ?? local?.file;
    if (!keyFile || !existsSync(keyFile))
      return refuse(`no public key to check the checkpoint's signature: pass --public-key${keyFile ? ` (there is no ${keyFile})` : ''}`);
    let note: string;
    let keys: PublicKeySet;
    try {
      note = readFileSync(options.sinceCheckpoint, 'utf8');
      keys = local?.keys ?? PublicKeySet.parse(readFileSync(keyFile, 'utf8'));
    } catch (error) {
      return refuse(`cannot read ${(error as NodeJS.ErrnoException).path ?? keyFile}: ${(error as Error).message}`);
    }
    const opened = openCheckpoint(note, keys);
    if (typeof opened === 'string') {
      say(`NOT AUTHENTIC: ${options.sinceCheckpoint}: ${opened}.`);
      return TAMPERED;
    }
    since = { file: options.sinceCheckpoint, opened, keys, keySource: keyFile };
  }

  const started = process.hrtime.bigint();
  const progress = progressOnStderr('verifying events');
  let report: VerificationReport;
  try {
    report = await verifySqliteLedger({
      file,
      digest: digest && { signed: digest.signed, checkSignature: (value, signature) => digest!.key.check(value, signature, digest!.signed.digest.issuedAt) },
      threads: options.threads,
      onProgress: (done, total) => progress.update(done, total),
    });
  } catch (error) {
    // SQLite refusing the file (malformed, not a database) is itself a sign it was edited or damaged.
    return refuse(`cannot read ${file}: ${(error as Error).message}; a damaged file is itself a sign that it was edited or broken`);
  } finally {
    progress.stop();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  say(
    report.lastPosition === 0
      ? `The ledger at ${file} is empty.`
      : `Checked ${n(report.events)} events in ${n(report.streams)} streams (positions 1 to ${n(report.lastPosition)}) in ${seconds.toFixed(1)} s${report.threads > 1 ? ` (${report.threads} threads)` : ''}.`,
  );
  if (digest && report.digest) {
    const d = report.digest;
    say(`Digest of position ${n(d.position)} (${n(d.streams)} streams), issued ${d.issuedAt}, signed by key ${d.keyId}.`);
    say(
      `  Checked: ${options.digest} (file SHA-256 ${digest.sha256}), read strictly (no key twice, every number as the ledger writes it): ` +
        `its "digest" object against the signature${d.withHeads ? ', its heads against the ledger' : ''}.`,
    );
    if (!options.publicKey)
      say(`  Its signature was checked with the key in ${digest.keySource}; pass --public-key with a key you obtained earlier to check it independently.`);
    if (!d.withHeads) say('  It carries no stream heads: a changed stream can be detected but not named.');
  }
  let extension: ExtensionVerdict | undefined;
  if (since) {
    const { checkpoint, signedBy } = since.opened;
    const key = since.keys.keys.find((k) => k.key.raw.equals(signedBy.raw))!;
    say(
      `Checkpoint ${since.file}: ${checkpoint.origin}, ${n(checkpoint.size)} events, root ${checkpoint.rootHash.toString('base64')}, signed by ${since.keys.describe(key.key.keyId)}.`,
    );
    if (!options.publicKey)
      say(`  Its signature was checked with the keys in ${since.keySource}; pass --public-key with keys you obtained earlier to check it independently.`);
    if (checkpoint.size === 0) say('  It is the checkpoint of the empty log: every log extends it.');
    else {
      try {
        extension = checkExtension(checkpoint, file, join(config.dataDir, 'log-tree.db'));
      } catch (error) {
        return refuse(`cannot rebuild the log tree from ${file}: ${(error as Error).message}`);
      }
      for (const line of extension.lines) say(line);
    }
  }
  if (extension && !extension.holds && report.problemCount === 0) return TAMPERED;
  if (report.problemCount === 0) {
    say(
      digest
        ? 'INTACT: every hash chain holds, no position is missing, and everything the digest committed to is unchanged.'
        : 'INTACT: every hash chain holds and no position is missing.',
    );
    if (!digest) say('Verify with --digest against a digest kept outside the ledger to also detect a cut-off tail or a consistently rewritten stream.');
    return INTACT;
  }
  say(`TAMPERED: ${n(report.problemCount)} problem${report.problemCount > 1 ? 's' : ''} found.`);
  say(`First: ${describeProblem(report.problems[0])}`);
  for (const problem of report.problems.slice(1, SHOWN)) say(`  - ${describeProblem(problem)}`);
  if (report.problemCount > SHOWN) say(`  … and ${n(report.problemCount - SHOWN)} more.`);
  return TAMPERED;
}
