import { Module } from '@nestjs/common';
import { EVENT_STORE, STREAM_HEADS } from '@ledger/event-store';
import { LedgerDigestController } from './ledger-digest.controller';
import { LedgerDigestService } from './ledger-digest.service';
import { SigningKeyController } from './signing-key.controller';
import { streamHeadsFor } from './stream-heads.factory';

/** Tamper evidence over HTTP: signed ledger digests and the public signing key. */
@Module({
  controllers: [LedgerDigestController, SigningKeyController],
  providers: [LedgerDigestService, { provide: STREAM_HEADS, useFactory: streamHeadsFor, inject: [EVENT_STORE] }],
})
export class IntegrityModule {}
