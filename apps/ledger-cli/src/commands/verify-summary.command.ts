import type { Command } from 'commander';
import { hash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseSignedBreachSummary } from '@ledger/domain';
import { canonicalJson, parseUnambiguousJson } from '@ledger/event-store';
import { PublicKeySet, publicKeysInDirectory } from '@ledger/vault';
import { dataFile } from '@ledger/config';
import { cliConfig } from '../cli-config';
import { readSignedFile } from '../signed-file';

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
  const read = <T>(path: string, parse: () => T): T | string => {
    try {
      return parse();
    } catch (error) {
      return `cannot read ${path}: ${(error as Error).message}`;
    }
  };

  // Strictly: a key twice or a number written unlike its value would let the file say one thing and verify another.
  const saved = read(file, () => {
    const { text, sha256 } = readSignedFile(file);
    return { signed: parseSignedBreachSummary(parseUnambiguousJson(text)), sha256 };
  });
  if (typeof saved === 'string') return refuse(saved);
  const { signed } = saved;

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
  const key = local?.keys ?? read(keyFile, () => PublicKeySet.parse(readFileSync(keyFile, 'utf8')));
  if (typeof key === 'string') return refuse(key);

  const { summary, signature } = signed;
  // The key must also have been in use when the summary says it was generated.
  const verdict = key.check(summary, signature, typeof summary.generatedAt === 'string' ? summary.generatedAt : undefined);
  const what = `the summary of breach ${summary.breachId}`;
  if (!verdict.valid) {
    say(`NOT AUTHENTIC: ${what} in ${file} fails its signature check: ${verdict.reason}.`);
    say(`  Checked: the whole "summary" object of ${file} (file SHA-256 ${saved.sha256}).`);
    say('Do not rely on it; ask the controller for the summary again.');
    return NOT_AUTHENTIC;
  }
  const type = PHASE_NAMES[(summary.notification as { type?: string } | undefined)?.type ?? ''] ?? 'summary';
  say(`AUTHENTIC: ${what} (${type}, generated ${summary.generatedAt}) is signed by ${key.describe(signature.keyId)} and unchanged since.`);
  say(`  Verified: the whole "summary" object of ${file} (file SHA-256 ${saved.sha256}), read strictly: no key twice, every number as the ledger writes it.`);
  say(`  Signed content: its canonical JSON, SHA-256 ${hash('sha256', canonicalJson(summary), 'hex')} (as printed on the HTML and PDF summary).`);
  if (!options.publicKey) say(`  Checked with the key in ${keyFile}; pass --public-key with a key obtained from the ledger earlier to check it independently.`);
  return AUTHENTIC;
}
