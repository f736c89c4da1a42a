import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { ErasureReceipt, parseErasureReceipt, verifyErasureReceipt } from '@ledger/transparency';
import { PublicKeySet, publicKeysInDirectory } from '@ledger/vault';
import { cliConfig } from '../cli-config';
import { noteVerifiersOf } from './checkpoint-extension';

interface VerifyReceiptOptions {
  publicKey?: string;
}

/** Exit codes, as for `verify` and `verify-summary`: 0 verified, 1 not authentic, 2 could not verify. */
const VERIFIED = 0;
const NOT_VERIFIED = 1;
const CANNOT_VERIFY = 2;

const list = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value));

/**
 * `verify-receipt FILE [--public-key KEY]`: checks an erasure receipt saved from
 * GET /v1/subjects/:subjectId/erasure/receipt offline, with nothing but the ledger's public key.
 */
export function registerVerifyReceipt(program: Command): void {
  program
    .command('verify-receipt')
    .description("check an erasure receipt offline: the ledger's signed checkpoint, and the proof that each shredding is in the log it commits to")
    .argument('<file>', 'the receipt, saved from GET /v1/subjects/:subjectId/erasure/receipt')
    .option(
      '--public-key <file>',
      "the ledger's public keys: the JSON of GET /v1/keys/signing, a PEM file, raw base64 or a note verifier key (default: the keys in the ledger's data directory, when run beside the ledger)",
    )
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : CANNOT_VERIFY))
    .action((file: string, options: VerifyReceiptOptions) => {
      process.exitCode = verifyReceipt(file, options);
    });
}

function verifyReceipt(file: string, options: VerifyReceiptOptions): number {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const refuse = (reason: string) => {
    process.stderr.write(`ledger verify-receipt: ${reason}\n`);
    return CANNOT_VERIFY;
  };

  let receipt: ErasureReceipt;
  try {
    receipt = parseErasureReceipt(readFileSync(file, 'utf8'));
  } catch (error) {
    return refuse(`cannot read ${file}: ${(error as Error).message}`);
  }

  // Only without --public-key does the ledger's configuration matter: the person erased needs none.
  const local = options.publicKey ? undefined : publicKeysInDirectory(cliConfig().dataDir);
  if (!options.publicKey && !local) return refuse('no public key to check the receipt: pass --public-key FILE, the JSON of GET /v1/keys/signing or a PEM');
  if (options.publicKey && !existsSync(options.publicKey)) return refuse(`there is no public key file ${options.publicKey}`);
  let keys: PublicKeySet;
  try {
    keys = local?.keys ?? PublicKeySet.parse(readFileSync(options.publicKey!, 'utf8'));
  } catch (error) {
    return refuse(`cannot read ${options.publicKey}: ${(error as Error).message}`);
  }

  const origin = receipt.checkpoint.slice(0, receipt.checkpoint.indexOf('\n'));
  const verdict = verifyErasureReceipt(receipt, noteVerifiersOf(keys, origin));
  if (!verdict.valid) {
    say(`NOT VERIFIED: the erasure receipt of subject ${receipt.subjectId} in ${file} fails its check: ${verdict.reason}.`);
    say('Do not rely on it; ask the controller for the receipt again.');
    return NOT_VERIFIED;
  }
  const signer = keys.keys.find((k) => k.key.raw.equals(verdict.signedBy[0].raw))!;
  say(`VERIFIED: the ledger recorded in its log that it destroyed the keys to personal data of subject ${receipt.subjectId}:`);
  for (const { event, leafIndex } of receipt.shredded) {
    const data: Record<string, unknown> = event.data;
    const when = (event.metadata as { occurredAt?: string }).occurredAt ?? event.recordedAt;
    const request = data.requestId ? `, request ${String(data.requestId)}` : '';
    say(`  - ${when}: the keys of ${list(data.keyGroups)} (${String(data.reason)}${request}); categories ${list(data.categories)}`);
    say(`    event ${event.id}, entry ${(leafIndex + 1).toLocaleString('en-US')} of the log`);
  }
  const { checkpoint } = verdict;
  say(
    `The receipt's checkpoint (${checkpoint.origin}, a log of ${checkpoint.size.toLocaleString('en-US')} events, root ${checkpoint.rootHash.toString('base64')}) is signed by ${keys.describe(signer.key.keyId)},`,
  );
  say('and each record above is proven to be in the log it commits to: unchanged, and not removable without breaking every later checkpoint.');
  say('Values encrypted under the destroyed keys cannot be read from anything the ledger keeps. The receipt holds no personal value.');
  if (!options.publicKey)
    say(`  Checked with the keys in ${local!.file}; pass --public-key with a key obtained from the ledger earlier to check it independently.`);
  return VERIFIED;
}
