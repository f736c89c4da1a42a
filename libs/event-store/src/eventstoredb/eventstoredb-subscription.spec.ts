import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SubscriptionMessage } from '../port/event-store.port';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { EventStoreDbSubscription, type EventStoreDbSubscriptionOptions } from './eventstoredb-subscription';
import { InMemoryEsdbClient } from './testing/in-memory-esdb-client';

describe('EventStoreDbSubscription', () => {
  let client: InMemoryEsdbClient;
  let store: EventStoreDbEventStore;

  beforeEach(() => {
    client = new InMemoryEsdbClient();
    store = new EventStoreDbEventStore({ client });
  });
  afterEach(() => store.close());

  const subscribe = (options: Partial<EventStoreDbSubscriptionOptions> = {}) =>
    new EventStoreDbSubscription({
      client,
      from: undefined,
      headPosition: () => store.headPosition(),
      caughtUpProbeMs: 10,
      backoff: { initialMs: 5, maxMs: 20 },
      highWaterMark: 2,
      onError: () => undefined,
      onStop: () => undefined,
      ...options,
    });

  /** Reads slowly, so the subscription has to pause the client stream and signals meet buffered events. */
  async function readSlowly(subscription: EventStoreDbSubscription, until: SubscriptionMessage['kind']) {
    const seen: SubscriptionMessage[] = [];
    for await (const message of subscription) {
      seen.push(message);
      if (message.kind === until) break;
      await nextTurn();
    }
    return seen;
  }

  it('keeps caught-up and checkpoints behind the events the paused client stream still holds', async () => {
    const s = `s-${randomUUID()}`;
    await store.append(
      s,
      Array.from({ length: 8 }, (_, i) => ({ id: randomUUID(), type: 'T', data: { i } })),
    );
    client.writeForeign('$stats-node', '$statsCollected');
    const seen = await readSlowly(subscribe(), 'caught-up');
    expect(seen.map((m) => m.kind)).toEqual([...Array(8).fill('event'), 'checkpoint', 'caught-up']);
  });

  it('says it caught up by reading the head when the server never says so', async () => {
    client = new InMemoryEsdbClient({ reportsCaughtUp: false });
    store = new EventStoreDbEventStore({ client });
    const s = `s-${randomUUID()}`;
    await store.append(s, [{ id: randomUUID(), type: 'T', data: {} }]);
    const seen = await readSlowly(subscribe(), 'caught-up');
    expect(seen.map((m) => m.kind)).toEqual(['event', 'caught-up']);
  });

  it('reports each failure of the connection and renews it', async () => {
    const errors: unknown[] = [];
    const subscription = subscribe({ onError: (error) => errors.push(error) });
    const seen: SubscriptionMessage[] = [];
    for await (const message of subscription) {
      seen.push(message);
      if (message.kind === 'caught-up' && errors.length === 0) client.dropSubscriptions();
      else if (message.kind === 'caught-up') break;
    }
    expect(errors).toHaveLength(1);
    // The renewed subscription catches up again, from where the first one had got to.
    expect(seen.filter((m) => m.kind === 'caught-up')).toHaveLength(2);
  });
});
