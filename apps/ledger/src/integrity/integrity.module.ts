import { Module } from '@nestjs/common';
import { EVENT_STORE } from '@ledger/event-store';
import { LEDGER_CONFIG } from '@ledger/config';
import { DIGEST_BASES, digestBasesFor } from './digest-bases.factory';
import { LedgerDigestController } from './ledger-digest.controller';
import { LedgerDigestService } from './ledger-digest.service';
import { SigningKeyController } from './signing-key.controller';

/** Tamper evidence over HTTP: signed ledger digests and the public signing key. */
@Module({
  controllers: [LedgerDigestController, SigningKeyController],
  providers: [LedgerDigestService, { provide: DIGEST_BASES, useFactory: digestBasesFor, inject: [LEDGER_CONFIG, EVENT_STORE] }],
})
export class IntegrityModule {}
