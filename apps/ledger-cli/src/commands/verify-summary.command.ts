import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { SignedBreachSummary, parseSignedBreachSummary } from '@ledger/domain';
import { PublicKeySet, publicKeysInDirectory } from '@ledger/vault';
import { dataFile } from '../../../ledger/src/config/data-files';
import { cliConfig } from '../cli-config';

interface VerifySummaryOptions {
  publicKey?: string;
}

/** Exit codes, as for `verify`: 0 authentic, 1 changed or signed by another key, 2 could not verify. */
const AUTHENTIC = 0;
const NOT_AUTHENTIC = 1;
const CANNOT_VERIFY = 2;

const PHASE_NAMES: Record<string, string> = {
  initial: 'initial notification',
  'follow-up': 'follow-up notification',
  final: 'final notification',
  'documented-only': 'register entry, not notifiable',
};

/**
 * `verify-summary FILE [--public-key FILE]`: checks a breach summary saved from
 * GET /v1/breaches/:breachId/summary offline, with nothing but the ledger's public key.
 */
export function registerVerifySummary(program: Command): void {
  program
    .command('verify-summary')
    .description('check that a breach summary saved as JSON is signed by the ledger and unchanged; needs only the public key')
    .argument('<file>', 'the summary, saved from GET /v1/breaches/:breachId/summary (JSON)')
    .option(
      '--public-key <file>',
      "the ledger's public keys: the JSON of GET /v1/keys/signing (every key, after rotations), a PEM file or raw base64 (default: the keys in the ledger's data directory, when run beside the ledger)",
    )
    .action((file: string, options: VerifySummaryOptions) => {
      process.exitCode = verifySummary(file, options);
    });
}

function verifySummary(file: string, options: VerifySummaryOptions): number {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const refuse = (reason: string) => {
    process.stderr.write(`ledger verify-summary: ${reason}\n`);
    return CANNOT_VERIFY;
  };
  const read = <T>(path: string, parse: (text: string) => T): T | string => {
    try {
      return parse(readFileSync(path, 'utf8'));
    } catch (error) {
      return `cannot read ${path}: ${(error as Error).message}`;
    }
  };

  const signed = read<SignedBreachSummary>(file, parseSignedBreachSummary);
  if (typeof signed === 'string') return refuse(signed);

  // Only without --public-key does the ledger's configuration matter: a regulator needs none.
  const local = options.publicKey ? undefined : publicKeysInDirectory(cliConfig().dataDir);
  const keyFile = options.publicKey ?? local?.file ?? dataFile(cliConfig(), 'signing.key');
  if (!existsSync(keyFile)) {
    return refuse(
      options.publicKey
        ? `there is no public key file ${keyFile}`
        : `no public key to check the signature: pass --public-key FILE, the JSON of GET /v1/keys/signing or a PEM (there is no ${keyFile})`,
    );
  }
  const key = local?.keys ?? read(keyFile, PublicKeySet.parse);
  if (typeof key === 'string') return refuse(key);

  const { summary, signature } = signed;
  // The key must also have been in use when the summary says it was generated.
  const verdict = key.check(summary, signature, typeof summary.generatedAt === 'string' ? summary.generatedAt : undefined);
  const what = `the summary of breach ${summary.breachId}`;
  if (!verdict.valid) {
    say(`NOT AUTHENTIC: ${what} in ${file} fails its signature check: ${verdict.reason}.`);
    say('Do not rely on it; ask the controller for the summary again.');
    return NOT_AUTHENTIC;
  }
  const type = PHASE_NAMES[(summary.notification as { type?: string } | undefined)?.type ?? ''] ?? 'summary';
  say(`AUTHENTIC: ${what} (${type}, generated ${summary.generatedAt}) is signed by ${key.describe(signature.keyId)} and unchanged since.`);
  if (!options.publicKey) say(`  Checked with the key in ${keyFile}; pass --public-key with a key obtained from the ledger earlier to check it independently.`);
  return AUTHENTIC;
}
