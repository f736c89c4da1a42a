import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, SubjectDataShredded, streamName, subjectDecider } from '@ledger/domain';
import { EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@ledger/event-store';
import { KEY_VAULT, KeyVault } from '@ledger/vault';
import { v5 as uuidv5 } from 'uuid';
import { CLOCK } from '../infrastructure/clock';
import { ErasureStates } from './erasure-states';

const SHRED_NAMESPACE = 'b5c1e7a2-3d4f-4e6a-8b9c-0d1e2f3a4b5c';

/** Destroy whatever keys of the subject are due now, and record the PII-free proof. */
export class ShredDueKeysCommand extends Command<SubjectDataShredded | undefined> {
  constructor(readonly subjectId: string) {
    super();
  }
}

/**
 * Decides from the erasure workflow's kept state (one row, whatever the stream's length),
 * destroys the keys first and then appends SubjectDataShredded at the revision it decided
 * from. A crash between the two is healed by deciding again: the keys are already gone, the
 * proof is written then. If the stream moved on, the process will see why and decide again.
 */
@CommandHandler(ShredDueKeysCommand)
export class ShredDueKeysHandler implements ICommandHandler<ShredDueKeysCommand> {
  private readonly logger = new Logger('Erasure');

  constructor(
    private readonly states: ErasureStates,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ subjectId }: ShredDueKeysCommand): Promise<SubjectDataShredded | undefined> {
    const kept = this.states.load(subjectId);
    if (!kept) return undefined;
    // The id follows from the state decided from: a retry at the same revision is the same event.
    const eventId = uuidv5(`${subjectId}/${kept.revision}`, SHRED_NAMESPACE);
    const [proof] = subjectDecider.decide({ type: 'ShredDueKeys', eventId, at: this.clock.now().toISOString() }, kept.state);
    if (!proof) return undefined;
    const data = proof.data as SubjectDataShredded;
    await this.vault.shred(subjectId, data.keyGroups);
    try {
      await this.store.append(
        streamName('subject', subjectId),
        [{ id: proof.id, type: proof.type, data: { ...data }, metadata: { occurredAt: proof.occurredAt, subjectId } }],
        { expectedRevision: kept.revision },
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return undefined;
      throw error;
    }
    this.logger.log(`subject ${subjectId}: shredded ${data.keyGroups.join(', ')} (${data.reason})`);
    return data;
  }
}
