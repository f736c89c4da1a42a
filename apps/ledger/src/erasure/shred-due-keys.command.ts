import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, StoredFactMetadata, SubjectDataShredded, erasureDecider, streamName } from '@ledger/domain';
import { EVENT_STORE, EventStore, IdempotencyConflictError, WrongExpectedRevisionError } from '@ledger/event-store';
import { KEY_VAULT, KeyVault, LEDGER_EVENT_IDS, LedgerEventIds } from '@ledger/vault';
import { CLOCK } from '../infrastructure/clock';
import { ErasureStates } from '@ledger/projections';

/** Destroy whatever keys of the subject are due now, and record the PII-free proof. */
export class ShredDueKeysCommand extends Command<SubjectDataShredded | undefined> {
  constructor(readonly subjectId: string) {
    super();
  }
}

/** Keys were destroyed and their proof could not be written; the alarm is raised and logged already. */
export class ShreddingUnprovenError extends Error {
  constructor(
    readonly subjectId: string,
    readonly reason: string,
  ) {
    super(`subject ${subjectId}: keys destroyed, but SubjectDataShredded could not be written: ${reason}`);
    this.name = 'ShreddingUnprovenError';
  }
}

/**
 * Decides from the erasure workflow's kept state (one row, whatever the stream's length),
 * destroys the keys first and then appends SubjectDataShredded at the revision it decided
 * from. A crash between the two is healed by deciding again: the keys are already gone, the
 * proof is written then. If the stream moved on, the process will see why and decide again.
 * Any other failure to write the proof is an alarm (an error log naming the subject and the
 * reason, and a state the erasure status and the runner's status show) until a later attempt
 * writes it: keys gone without their proof is not something to retry in silence.
 */
@CommandHandler(ShredDueKeysCommand)
export class ShredDueKeysHandler implements ICommandHandler<ShredDueKeysCommand> {
  private readonly logger = new Logger('Erasure');

  constructor(
    private readonly states: ErasureStates,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_EVENT_IDS) private readonly ids: LedgerEventIds,
  ) {}

  async execute({ subjectId }: ShredDueKeysCommand): Promise<SubjectDataShredded | undefined> {
    const kept = this.states.load(subjectId);
    if (!kept) return undefined;
    // The id follows from the state decided from (a retry at the same revision is the same
    // event) and from the master key (no emitter can claim it first).
    const eventId = this.ids.of('subject-data-shredded', subjectId, String(kept.revision));
    const [proof] = erasureDecider.decide({ type: 'ShredDueKeys', eventId, at: this.clock.now().toISOString() }, kept.state);
    if (proof?.type !== 'SubjectDataShredded') return undefined;
    const data = proof.data;
    await this.vault.shred(subjectId, data.keyGroups);
    const metadata: StoredFactMetadata = { occurredAt: proof.occurredAt, subjectId, recordedBy: { kind: 'ledger', process: 'erasure-process' } };
    try {
      await this.store.append(streamName('subject', subjectId), [{ id: proof.id, type: proof.type, data: { ...data }, metadata: { ...metadata } }], {
        expectedRevision: kept.revision,
      });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return undefined;
      // Its own proof's id, taken: another instance of the deployment decided from the same state
      // and wrote it first (with its own occurredAt). Already written, so nothing to alarm about.
      if (error instanceof IdempotencyConflictError && error.eventId === proof.id && (await this.provenBySameId(subjectId, proof.id))) {
        this.logger.log(`subject ${subjectId}: shredded ${data.keyGroups.join(', ')}; its proof was already written by another instance`);
        if (this.states.alarmOf(subjectId)) this.states.clearAlarm(subjectId);
        return undefined;
      }
      throw this.alarm(subjectId, data, error);
    }
    if (this.states.alarmOf(subjectId)) {
      this.states.clearAlarm(subjectId);
      this.logger.warn(`subject ${subjectId}: the missing proof of its shredding is written now; alarm cleared`);
    }
    this.logger.log(`subject ${subjectId}: shredded ${data.keyGroups.join(', ')} (${data.reason})`);
    return data;
  }

  /** The subject's stream holds a SubjectDataShredded under this id: the proof is in the log. */
  private async provenBySameId(subjectId: string, eventId: string): Promise<boolean> {
    for await (const event of this.store.readStream(streamName('subject', subjectId))) {
      if (event.id === eventId && event.type === 'SubjectDataShredded') return true;
    }
    return false;
  }

  private alarm(subjectId: string, data: SubjectDataShredded, error: unknown): ShreddingUnprovenError {
    const reason =
      error instanceof IdempotencyConflictError
        ? `its event id ${error.eventId} is held by another event (only the ledger's master key derives it: was it disclosed?)`
        : `${(error as Error).name}: ${(error as Error).message}`;
    this.states.raiseAlarm({ subjectId, lastFailedAt: this.clock.now().toISOString(), keyGroups: data.keyGroups, reason });
    this.logger.error(
      `ALARM subject ${subjectId}: keys ${data.keyGroups.join(', ')} are destroyed but the proof SubjectDataShredded could not be written: ${reason}. ` +
        'GET /v1/subjects/:subjectId/erasure shows it; each retry (new facts, the retention sweep) is logged until the proof is written.',
    );
    return new ShreddingUnprovenError(subjectId, reason);
  }
}
