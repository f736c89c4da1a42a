import { Inject, Injectable } from '@nestjs/common';
import { ErasureState, erasureDecider, streamName, toSubjectFact } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ErasureStates } from '@ledger/projections';

/**
 * A subject's decider state at the head of its stream, with the revision to expect: the state
 * the erasure process keeps, brought up to date with the events it has not folded yet.
 */
@Injectable()
export class SubjectStreamState {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly kept: ErasureStates,
  ) {}

  async load(subjectId: string): Promise<{ state: ErasureState; revision: number | undefined }> {
    const kept = this.kept.load(subjectId);
    let state = kept?.state ?? erasureDecider.initialState();
    let revision = kept?.revision;
    const fromRevision = revision === undefined ? 0 : revision + 1;
    for await (const event of this.store.readStream(streamName('subject', subjectId), { fromRevision })) {
      try {
        state = erasureDecider.evolve(state, toSubjectFact(event));
      } catch {
        // An event the decider cannot fold (malformed, from an older ledger): the erasure process
        // set it aside too (see ProjectionRunner), so the state decided from is the same.
      }
      revision = event.revision;
    }
    return { state, revision };
  }
}
