import { Inject, Injectable } from '@nestjs/common';
import { streamName } from '@ledger/domain';
import { BoundedCache, EVENT_STORE, EventStore } from '@ledger/event-store';

/** How far into a breach's stream to look for its detection (breach streams are a handful of DPO facts). */
const SCAN_LIMIT = 1000;

/**
 * Which breaches exist for a subject's PersonalDataBreached to name: those whose BreachDetected
 * is recorded. Asks the event store, not a projection, so a breach recorded a moment ago
 * counts; remembers the answer "yes" (a detection is never undone), never "no".
 */
@Injectable()
export class DetectedBreaches {
  private readonly known = new BoundedCache<string, true>(10_000);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async isDetected(breachId: string): Promise<boolean> {
    if (this.known.get(breachId)) return true;
    for await (const event of this.store.readStream(streamName('breach', breachId), { maxCount: SCAN_LIMIT })) {
      if (event.type === 'BreachDetected') {
        this.known.set(breachId, true);
        return true;
      }
    }
    return false;
  }
}
