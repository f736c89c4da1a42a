import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { EVENT_STORE, EventStore } from '@ledger/event-store';

@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'eventStore'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      const head = await this.store.headPosition();
      return indicator.up({ store: this.store.name, position: head?.commit ?? 0 });
    } catch {
      return indicator.down({ store: this.store.name });
    }
  }
}
