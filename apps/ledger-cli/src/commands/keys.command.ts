import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Command } from 'commander';
import { frozenClock, systemClock } from '@ledger/domain';
import { type ApiKey, ApiKeyRequestRules, ApiKeyStore, LastAdminKeyError, PostgresApiKeyStore, SqliteApiKeyStore, UnknownApiKeyError } from '@ledger/access';
import { dataFile } from '@ledger/config';
import { createPgPool, migrateDatabase, redactDatabaseUrl } from '@ledger/postgres';
import { cliConfig } from '../cli-config';
import { registerRotateSigning } from './rotate-signing.command';
import { registerRotateMaster } from './rotate-master.command';

/**
 * The key store the server reads, closed when the work is done: PostgreSQL when
 * LEDGER_DATABASE_URL is set (its schema brought up to date first, as the server does at
 * start), else the data directory's access.db.
 */
async function withKeyStore<T>(work: (keys: ApiKeyStore) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const clock = config.now ? frozenClock(config.now) : systemClock;
  let keys: ApiKeyStore;
  if (config.database) {
    const pool = createPgPool({ connectionString: config.database.url, max: 1, applicationName: 'privacy-ledger keys' });
    try {
      await migrateDatabase(pool);
    } catch (error) {
      await pool.end();
      throw new Error(`cannot open the API keys in ${redactDatabaseUrl(config.database.url)}: ${(error as Error).message}`);
    }
    keys = new PostgresApiKeyStore({ pool, now: () => clock.now(), endPoolOnClose: true });
  } else {
    keys = new SqliteApiKeyStore(dataFile(config, 'access.db'), () => clock.now());
  }
  try {
    return await work(keys);
  } finally {
    await keys.close();
  }
}

function fail(message: string): never {
  process.exitCode = 2;
  throw new Error(message);
}

const table = (keys: ApiKey[]): string => {
  const rows = [
    ['ID', 'ROLE', 'NAME', 'SYSTEMS', 'CREATED', 'REVOKED'],
    ...keys.map((k) => [k.id, k.role, k.name, k.systems.join(',') || '-', k.createdAt, k.revokedAt ?? '-']),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, c) => cell.padEnd(widths[c]))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
};

/**
 * `keys create | list | revoke`: API keys in the same store the server reads on every request
 * (access.db, or PostgreSQL), so changes apply to running servers at once.
 */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('create, list and revoke API keys; rotate the signing key or the master key');

  keys
    .command('create')
    .description('create an API key and print its secret (shown this once only)')
    .requiredOption('--name <name>', 'who or what holds the key')
    .requiredOption('--role <role>', 'emitter, dpo, regulator or admin')
    .option('--systems <systems>', 'emitters: comma-separated systems whose facts the key may append')
    .option('--json', 'print the key as JSON')
    .action(async (options: { name: string; role: string; systems?: string; json?: boolean }) => {
      const request = plainToInstance(ApiKeyRequestRules, {
        name: options.name,
        role: options.role,
        ...(options.systems === undefined ? {} : { systems: options.systems.split(',').map((s) => s.trim()) }),
      });
      const problems = validateSync(request).flatMap((e) => Object.values(e.constraints ?? {}));
      if (problems.length) fail(problems.join('; '));
      const issued = await withKeyStore((store) => store.issue(request));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(issued)}\n`);
        return;
      }
      process.stdout.write(
        `created ${issued.role} key ${issued.id} (${issued.name})${issued.systems.length ? ` for ${issued.systems.join(', ')}` : ''}\n` +
          `secret, shown only now: ${issued.key}\n`,
      );
    });

  keys
    .command('list')
    .description('list every API key, revoked ones included (never their secrets)')
    .option('--json', 'print the keys as JSON')
    .action(async (options: { json?: boolean }) => {
      const all = await withKeyStore((store) => store.list());
      process.stdout.write(options.json ? `${JSON.stringify({ keys: all })}\n` : table(all));
    });

  keys
    .command('revoke')
    .description('revoke an API key, effective at once')
    .argument('<id>', 'the key id (from `keys list`)')
    .action(async (id: string) => {
      try {
        const key = await withKeyStore((store) => store.revoke(id));
        process.stdout.write(`revoked ${key.role} key ${key.id} (${key.name}) at ${key.revokedAt}\n`);
      } catch (error) {
        if (error instanceof UnknownApiKeyError || error instanceof LastAdminKeyError) fail(error.message);
        throw error;
      }
    });

  registerRotateSigning(keys);
  registerRotateMaster(keys);
}
