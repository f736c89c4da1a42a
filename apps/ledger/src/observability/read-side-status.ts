import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { ProjectionName, ProjectionRunner, QuarantinedEvent, ReadSide } from '@ledger/projections';
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
  /** Present (true) while it is being built again from zero (its version changed): not ready until done. */
  rebuilding?: true;
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
  /** The store answers and every read model has caught up, is not being rebuilt and is not failing. */
  ready: boolean;
  /** Ready, but a read model set events aside or raised an alarm (its answers are incomplete), or the queue's consumer is not consuming. */
  degraded: boolean;
  /** The RabbitMQ consumer, when LEDGER_AMQP_URL is set. */
  broker?: ConsumerStatus;
  /** Notifications not yet confirmed by their target, by target, when notifications are on. */
  notificationsPending?: Record<string, number>;
  /** With several instances (LEDGER_DATABASE_URL and a shared log): whether this one holds the effects lease; absent for a single instance. */
  lease?: Exclude<LeaseState, 'single'>;
}

/** Where the read side stands against the log: what readiness answers and metrics export. */
@Injectable()
export class ReadSideStatus {
  constructor(
    private readonly runner: ReadSide<ProjectionName>,
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
    const readModels = [...this.runner.status(), ...(this.notifications?.status() ?? [])].map(
      ({ name, position, caughtUp, rebuilding, error, quarantined, failures, alarm }) => ({
        name,
        position,
        ...(head === undefined ? {} : { lag: Math.max(0, head - position) }),
        caughtUp,
        ...(rebuilding ? { rebuilding } : {}),
        ...(error === undefined ? {} : { error }),
        quarantined,
        failures,
        ...(alarm === undefined ? {} : { alarm }),
      }),
    );
    const storeUp = head !== undefined;
    // With several instances the notifications outbox runs on the lease's holder only: a standby's is
    // stopped, a new holder's catches up while it serves. It does not decide whether an instance
    // serves queries (the read models do); its failures still make the holder degraded.
    const lease = this.lease.state === 'single' ? undefined : this.lease.state;
    const effects = new Set(this.notifications?.names ?? []);
    const gating = lease ? readModels.filter((m) => !effects.has(m.name)) : readModels;
    const ready = storeUp && gating.every((m) => m.caughtUp && !m.rebuilding && m.error === undefined);
    const broker = this.consumer.enabled ? await this.consumer.snapshot() : undefined;
    // A broker outage does not stop the HTTP API serving: degraded, not unready.
    const brokerDown = broker !== undefined && broker.state !== 'consuming';
    const effectFailing = lease === 'held' && readModels.some((m) => effects.has(m.name) && m.error !== undefined);
    const degraded = ready && (brokerDown || effectFailing || readModels.some((m) => m.quarantined > 0 || m.alarm !== undefined));
    const notificationsPending = this.dispatcher?.pending();
    return {
      storeUp,
      head,
      readModels,
      ready,
      degraded,
      ...(broker ? { broker } : {}),
      ...(notificationsPending ? { notificationsPending } : {}),
      ...(lease ? { lease } : {}),
    };
  }
}
