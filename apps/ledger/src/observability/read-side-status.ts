import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionRunner, QuarantinedEvent } from '@ledger/projections';
import { ERASURE_RUNNER } from '../erasure/erasure.module';
import { BrokerConsumer, ConsumerStatus } from '../broker/broker-consumer';
import { NOTIFICATIONS_RUNNER } from '../notifications/notifications.module';
import { NotificationDispatcher } from '../notifications/notification-dispatcher';
import { EFFECTS_LEASE, EffectsLease, LeaseState } from '../lease/effects-lease';

/** One read model as readiness and metrics report it. */
export interface ReadModelState {
  name: string;
  /** The log position it has applied. */
  position: number;
  /** The log's head minus that position (events on the embedded store); absent while the store does not answer. */
  lag?: number;
  /** Whether it has caught up with the log since the start. */
  caughtUp: boolean;
  /** Why its last attempt failed, while it retries. */
  error?: string;
  /** Events it could not fold and set aside (the way out: fix, then `ledger rebuild <name>`). */
  quarantined: number;
  /** The first of those: position, id, stream, type, error. */
  failures: QuarantinedEvent[];
  /** An effect that keeps failing, e.g. keys destroyed whose proof could not be written. */
  alarm?: string;
}

export interface ReadSideSnapshot {
  /** The event store answered. */
  storeUp: boolean;
  /** The log's head position, when the store answered. */
  head?: number;
  readModels: ReadModelState[];
  /** The store answers and every read model has caught up and is not failing. */
  ready: boolean;
  /** Ready, but a read model set events aside or raised an alarm (its answers are incomplete), or the queue's consumer is not consuming. */
  degraded: boolean;
  /** The RabbitMQ consumer, when LEDGER_AMQP_URL is set. */
  broker?: ConsumerStatus;
  /** Notifications not yet confirmed by their target, by target, when notifications are on. */
  notificationsPending?: Record<string, number>;
  /** With several instances (LEDGER_DATABASE_URL): whether this one holds the effects lease; absent for a single instance. */
  lease?: Exclude<LeaseState, 'single'>;
}

/** Where the read side stands against the log: what readiness answers and metrics export. */
@Injectable()
export class ReadSideStatus {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(ERASURE_RUNNER) private readonly erasure: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly consumer: BrokerConsumer,
    @Inject(NOTIFICATIONS_RUNNER) private readonly notifications: ProjectionRunner | null,
    @Inject(NotificationDispatcher) private readonly dispatcher: NotificationDispatcher | null,
    @Inject(EFFECTS_LEASE) private readonly lease: EffectsLease,
  ) {}

  async snapshot(): Promise<ReadSideSnapshot> {
    let head: number | undefined;
    try {
      head = (await this.store.headPosition())?.commit ?? 0;
    } catch {
      head = undefined;
    }
    const effects = [...this.erasure.status(), ...(this.notifications?.status() ?? [])];
    const effectNames = new Set(effects.map((e) => e.name));
    const readModels = [...this.runner.status(), ...effects].map(
      ({ name, position, caughtUp, error, quarantined, failures, alarm }) => ({
        name,
        position,
        ...(head === undefined ? {} : { lag: Math.max(0, head - position) }),
        caughtUp,
        ...(error === undefined ? {} : { error }),
        quarantined,
        failures,
        ...(alarm === undefined ? {} : { alarm }),
      }),
    );
    const storeUp = head !== undefined;
    // With several instances the effects run on the lease's holder only: a standby's are stopped, and
    // a new holder's catch up while it serves. They do not decide whether an instance serves queries
    // (its read models do); their failures and alarms still make it degraded.
    const lease = this.lease.state === 'single' ? undefined : this.lease.state;
    const gating = lease ? readModels.filter((m) => !effectNames.has(m.name)) : readModels;
    const ready = storeUp && gating.every((m) => m.caughtUp && m.error === undefined);
    const broker = this.consumer.enabled ? await this.consumer.snapshot() : undefined;
    // A broker outage does not stop the HTTP API serving: degraded, not unready.
    const brokerDown = broker !== undefined && broker.state !== 'consuming';
    const effectFailing = lease === 'held' && readModels.some((m) => effectNames.has(m.name) && m.error !== undefined);
    const degraded = ready && (brokerDown || effectFailing || readModels.some((m) => m.quarantined > 0 || m.alarm !== undefined));
    const notificationsPending = this.dispatcher?.pending();
    return { storeUp, head, readModels, ready, degraded, ...(broker ? { broker } : {}), ...(notificationsPending ? { notificationsPending } : {}), ...(lease ? { lease } : {}) };
  }
}
