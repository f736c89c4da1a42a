import { Injectable, Inject } from '@nestjs/common';
import { NewFact, StoredFactMetadata, SubjectState, streamName, subjectDecider } from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';

/** A decider's view of a stored subject event. */
export const toNewFact = (e: Pick<RecordedEvent, 'id' | 'type' | 'data' | 'metadata' | 'recordedAt'>): NewFact => ({
  id: e.id,
  type: e.type,
  occurredAt: (e.metadata as unknown as StoredFactMetadata).occurredAt ?? e.recordedAt,
  data: e.data,
});

/** Reads a subject's stream and folds it into the decider's state, with the revision to expect. */
@Injectable()
export class SubjectStreamState {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load(subjectId: string): Promise<{ state: SubjectState; revision: number | undefined }> {
    let state = subjectDecider.initialState();
    let revision: number | undefined;
    for await (const event of this.store.readStream(streamName('subject', subjectId))) {
      state = subjectDecider.evolve(state, toNewFact(event));
      revision = event.revision;
    }
    return { state, revision };
  }
}

