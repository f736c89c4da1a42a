import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, FactRecorder, StoredFactMetadata, streamName, subjectDecider } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { LEDGER_EVENT_IDS, LedgerEventIds } from '@ledger/vault';
import { CLOCK } from '../infrastructure/clock';
import { SubjectStreamState } from './subject-stream-state';

export interface ErasureRequested {
  subjectId: string;
  requestId: string;
  /** False when this request was recorded before: nothing new was written. */
  recorded: boolean;
  position?: number;
}

/** Start the erasure workflow for a subject: the DPO records the request, or the retention policy starts it. */
export class RequestErasureCommand extends Command<ErasureRequested> {
  constructor(
    readonly subjectId: string,
    readonly requestId: string,
    readonly channel: string,
    /** The DPO's key, or the retention sweep. */
    readonly recordedBy: FactRecorder,
  ) {
    super();
  }
}

@CommandHandler(RequestErasureCommand)
export class RequestErasureHandler implements ICommandHandler<RequestErasureCommand, ErasureRequested> {
  constructor(
    private readonly streams: SubjectStreamState,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_EVENT_IDS) private readonly ids: LedgerEventIds,
  ) {}

  async execute({ subjectId, requestId, channel, recordedBy }: RequestErasureCommand): Promise<ErasureRequested> {
    const { state, revision } = await this.streams.load(subjectId);
    // Unguessable, so no emitter can take the id first; the same for a retry of the same request.
    const eventId = this.ids.of('erasure-request', subjectId, requestId);
    const events = subjectDecider.decide({ type: 'RequestErasure', eventId, requestId, at: this.clock.now().toISOString(), channel }, state);
    if (events.length === 0) return { subjectId, requestId, recorded: false };
    const result = await this.store.append(
      streamName('subject', subjectId),
      events.map((e) => {
        const metadata: StoredFactMetadata = { occurredAt: e.occurredAt, subjectId, recordedBy };
        return { id: e.id, type: e.type, data: e.data as Record<string, unknown>, metadata: { ...metadata } };
      }),
      { expectedRevision: revision === undefined ? 'no_stream' : revision },
    );
    return { subjectId, requestId, recorded: !result.duplicate, position: result.events[0].position.commit };
  }
}
