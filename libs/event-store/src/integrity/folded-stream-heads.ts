import type { EventStore } from '../port/event-store.port';
import type { StreamHead } from './stream-head';
import { sortHeads } from './stream-head';
import type { StreamHeads } from './stream-heads';

/** Stream heads for any EventStore: reads the log from the start up to the position and keeps each stream's highest revision. */
export class FoldedStreamHeads implements StreamHeads {
  constructor(private readonly store: EventStore) {}

  async asOf(position: number): Promise<StreamHead[]> {
    const heads = new Map<string, StreamHead>();
    for await (const event of this.store.readAll()) {
      if (event.position.commit > position) break;
      const known = heads.get(event.streamId);
      if (!known || event.revision > known.revision) {
        heads.set(event.streamId, { stream: event.streamId, revision: event.revision, hash: event.hash });
      }
    }
    return sortHeads([...heads.values()]);
  }
}
