// As main.ts does: every in-process test runs the server with Object.prototype frozen.
import '@ledger/config/freeze-prototype';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiKey } from '@ledger/access';
import { createLedgerApp } from '../../apps/ledger/src/bootstrap';
import { LedgerConfig, loadLedgerConfig } from '@ledger/config';

export interface RunningLedger {
  url: string;
  app: NestFastifyApplication;
  dataDir: string;
  config: LedgerConfig;
  /** Headers that authenticate as an administrator (who may do everything). */
  auth: Record<string, string>;
  /** Stops the server; removes the data directory unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export const tempDataDir = (): string => mkdtempSync(join(tmpdir(), 'ledger-test-'));

/** Headers that present an API key. */
export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/**
 * A real ledger on a real port with real SQLite files in a fresh directory, with an admin key
 * (LEDGER_BOOTSTRAP_ADMIN_KEY: a fresh one unless given; '' lets the ledger make and print one).
 */
export async function startLedger(env: Record<string, string> = {}): Promise<RunningLedger> {
  const dataDir = env.LEDGER_DATA_DIR ?? tempDataDir();
  const adminKey = env.LEDGER_BOOTSTRAP_ADMIN_KEY ?? generateApiKey();
  const config = loadLedgerConfig({
    LEDGER_LOG_LEVEL: 'silent',
    ...env,
    LEDGER_BOOTSTRAP_ADMIN_KEY: adminKey,
    LEDGER_DATA_DIR: dataDir,
    PORT: '0',
  });
  const app = await createLedgerApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    dataDir,
    config,
    auth: adminKey ? bearer(adminKey) : {},
    async close(options = {}) {
      await app.close();
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
