import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { ApiKeyStore } from '@ledger/access';

/**
 * A ledger with no keys at all could never be used: on such a first start it creates an admin
 * key, from LEDGER_BOOTSTRAP_ADMIN_KEY when set, else a new one that it prints once to stdout
 * (never to the log, which may go to a file).
 */
@Injectable()
export class AdminKeyBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    @Inject(ApiKeyStore) private readonly keys: ApiKeyStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const given = this.config.bootstrapAdminKey;
    const issued = await this.keys.issueFirstAdmin('bootstrap admin', given);
    if (!issued) {
      if (given && !(await this.keys.knows(given))) {
        this.logger.warn('LEDGER_BOOTSTRAP_ADMIN_KEY is ignored: API keys exist already (manage them with `npm run ledger -- keys`)');
      }
      return;
    }
    if (given) {
      this.logger.log(`created admin key ${issued.id} from LEDGER_BOOTSTRAP_ADMIN_KEY`);
      return;
    }
    this.logger.log(`created admin key ${issued.id}; its secret was printed to stdout once`);
    process.stdout.write(
      [
        '',
        'privacy-ledger: no API keys existed, so this admin key was created. It is shown only now:',
        '',
        `    ${issued.key}`,
        '',
        `Key id ${issued.id}. Use it as "Authorization: Bearer <key>"; create other keys with it`,
        '(POST /v1/admin/keys) or with `npm run ledger -- keys create`.',
        '',
        '',
      ].join('\n'),
    );
  }
}
