import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, ErasureRequestGround, FactRecorder, erasureDecider, streamName } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { KEY_VAULT, KeyVault, LEDGER_EVENT_IDS, LedgerEventIds } from '@ledger/vault';
import { CLOCK } from '../infrastructure/clock';
import { FactEncoder } from '../ingestion/fact-encoder';
import { SubjectStreamState } from './subject-stream-state';

export interface ErasureRequested {
  subjectId: string;
  requestId: string;
  /** False when this request was recorded before: nothing new was written. */
  recorded: boolean;
  position?: number;
}

/** What the request says beside its id: the Art. 17(1) ground and a note (personal free text, sealed). */
export interface ErasureRequestDetails {
  ground?: ErasureRequestGround;
  note?: string;
  /** When the request was received (Art. 12(3) runs from then); default now. */
  receivedAt?: string;
}

/** Start the erasure workflow for a subject: the DPO records the request, or the retention policy starts it. */
export class RequestErasureCommand extends Command<ErasureRequested> {
  constructor(
    readonly subjectId: string,
    readonly requestId: string,
    readonly channel: string,
    /** The DPO's key, or the retention sweep. */
    readonly recordedBy: FactRecorder,
    readonly details: ErasureRequestDetails = {},
  ) {
    super();
  }
}

@CommandHandler(RequestErasureCommand)
export class RequestErasureHandler implements ICommandHandler<RequestErasureCommand, ErasureRequested> {
  constructor(
    private readonly streams: SubjectStreamState,
    private readonly encoder: FactEncoder,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_EVENT_IDS) private readonly ids: LedgerEventIds,
  ) {}

  async execute({ subjectId, requestId, channel, recordedBy, details }: RequestErasureCommand): Promise<ErasureRequested> {
    const { state, revision } = await this.streams.load(subjectId);
    // Unguessable, so no emitter can take the id first; the same for a retry of the same request.
    const eventId = this.ids.of('erasure-request', subjectId, requestId);
    const { receivedAt, ...rest } = details;
    const at = receivedAt ?? this.clock.now().toISOString();
    const [request] = erasureDecider.decide({ type: 'RequestErasure', eventId, requestId, at, channel, ...rest }, state);
    if (request?.type !== 'SubjectRequestReceived') return { subjectId, requestId, recorded: false };
    // Encoded like any fact of the subject: the note is sealed with its identity key.
    const fact = { id: request.id, type: request.type, occurredAt: request.occurredAt, subject: { subjectId }, data: request.data };
    const parts = this.encoder.partsOf(fact);
    const keys = parts.size ? (await this.vault.prepare([{ subjectId, groups: [...parts.keys()] }]))[0].keys : new Map();
    const result = await this.store.append(streamName('subject', subjectId), [this.encoder.encode(fact, recordedBy, { subjectId, keys, parts })], {
      expectedRevision: revision === undefined ? 'no_stream' : revision,
    });
    return { subjectId, requestId, recorded: !result.duplicate, position: result.events[0].position.commit };
  }
}
