import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Clock, ControllerProfile, SignedBreachSummary, buildBreachSummary, isDetected } from '@ledger/domain';
import { ReadModels } from '@ledger/projections';
import { LEDGER_SIGNER, LedgerSigner } from '@ledger/vault';
import { CONTROLLER_PROFILE } from '../../controller-profile/controller-profile.provider';
import { CLOCK } from '../../infrastructure/clock';

/** Builds a breach's Art. 33(3) summary from the register and signs it with the ledger's key. */
@Injectable()
export class SignedSummaries {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONTROLLER_PROFILE) private readonly controller: ControllerProfile | null,
    @Inject(LEDGER_SIGNER) private readonly signer: LedgerSigner,
  ) {}

  of(breachId: string): SignedBreachSummary {
    const record = this.readModels.breach(breachId);
    if (!record) throw new NotFoundException(`no breach ${breachId} is recorded`);
    // Art. 33(3)(b) asks for the DPO's name and contact: a summary without a controller profile would be incomplete.
    if (!this.controller) {
      throw new ConflictException(
        'no controller profile is configured: set LEDGER_CONTROLLER_PROFILE to a JSON file naming the controller, its DPO and the supervisory authority, then restart the ledger',
      );
    }
    if (!isDetected(record)) {
      throw new ConflictException(
        `breach ${breachId} has no BreachDetected fact yet: its nature, awareness time and extent are unknown, so there is nothing to summarise`,
      );
    }
    const summary = buildBreachSummary(record, this.controller, this.clock.now());
    return { summary, signature: this.signer.sign(summary) };
  }
}
