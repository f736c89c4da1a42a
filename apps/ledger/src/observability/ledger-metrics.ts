import { Injectable } from '@nestjs/common';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { OperationMetrics } from './operation-metrics';
import { ReadSideStatus } from './read-side-status';

/**
 * The ledger's Prometheus metrics, in a registry of its own (not prom-client's global one, so
 * that two ledgers in one process keep theirs apart): process and Node.js metrics, and where
 * each read model stands against the log. Gauges of the read side are set from one snapshot
 * per scrape, so position, lag and error agree with each other.
 */
@Injectable()
export class LedgerMetrics {
  readonly registry = new Registry();
  private readonly head = this.gauge('ledger_log_head_position', 'Global position of the newest event in the log');
  private readonly storeUp = this.gauge('ledger_event_store_up', '1 when the event store answers, else 0');
  private readonly ready = this.gauge('ledger_ready', '1 when the ledger is ready (store up, every read model caught up and running), else 0');
  private readonly position = this.gauge('ledger_projection_position', 'Log position each read model has applied', ['projection']);
  private readonly lag = this.gauge('ledger_projection_lag', 'Log head minus the position a read model has applied (events on the embedded store)', [
    'projection',
  ]);
  private readonly rebuilding = this.gauge(
    'ledger_projection_rebuilding',
    '1 while a read model is being built again from zero (not ready meanwhile), else 0',
    ['projection'],
  );
  private readonly failing = this.gauge('ledger_projection_error', '1 while a read model fails and retries, else 0', ['projection']);
  private readonly quarantined = this.gauge('ledger_projection_quarantined_events', 'Events a read model could not fold and set aside', ['projection']);
  private readonly alarm = this.gauge('ledger_projection_alarm', '1 while a read model raises an alarm (e.g. keys destroyed, proof not written), else 0', [
    'projection',
  ]);
  private readonly brokerUp = this.gauge(
    'ledger_broker_consumer_up',
    '1 while the RabbitMQ consumer consumes its queue, else 0 (absent without LEDGER_AMQP_URL)',
  );
  private readonly brokerWaiting = this.gauge('ledger_broker_queue_messages', "Messages waiting in the facts queue: the consumer's lag");
  private readonly brokerHeld = this.gauge('ledger_broker_unacknowledged_messages', 'Messages delivered to the ledger and not yet acknowledged');
  private readonly brokerReconnects = this.gauge('ledger_broker_reconnects', 'Times the consumer lost or could not open its connection since the start');
  private readonly brokerMessages = this.gauge('ledger_broker_messages', 'Messages handled since the start, by outcome', ['outcome']);
  private readonly leaseHeld = this.gauge(
    'ledger_effects_lease_held',
    '1 on the instance that holds the effects lease (runs the erasure process and notifications), 0 on a standby; always 1 on a single instance',
  );
  private readonly notificationsPending = this.gauge(
    'ledger_notifications_pending',
    'Notifications not yet confirmed by their target (a webhook URL, or "exchange")',
    ['target'],
  );

  constructor(
    private readonly status: ReadSideStatus,
    private readonly operations: OperationMetrics,
  ) {
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The text exposition of every metric, read-side gauges as of now. */
  async render(): Promise<string> {
    const snapshot = await this.status.snapshot();
    this.storeUp.set(snapshot.storeUp ? 1 : 0);
    this.ready.set(snapshot.ready ? 1 : 0);
    this.leaseHeld.set(snapshot.lease === 'standby' ? 0 : 1);
    if (snapshot.head === undefined) this.head.reset();
    else this.head.set(snapshot.head);
    for (const gauge of [this.position, this.lag, this.rebuilding, this.failing, this.quarantined, this.alarm]) gauge.reset();
    for (const model of snapshot.readModels) {
      this.position.set({ projection: model.name }, model.position);
      if (model.lag !== undefined) this.lag.set({ projection: model.name }, model.lag);
      this.rebuilding.set({ projection: model.name }, model.rebuilding ? 1 : 0);
      this.failing.set({ projection: model.name }, model.error === undefined ? 0 : 1);
      this.quarantined.set({ projection: model.name }, model.quarantined);
      this.alarm.set({ projection: model.name }, model.alarm === undefined ? 0 : 1);
    }
    for (const gauge of [this.brokerUp, this.brokerWaiting, this.brokerHeld, this.brokerReconnects, this.brokerMessages, this.notificationsPending])
      gauge.reset();
    for (const [target, n] of Object.entries(snapshot.notificationsPending ?? {})) this.notificationsPending.set({ target }, n);
    const broker = snapshot.broker;
    if (broker) {
      this.brokerUp.set(broker.state === 'consuming' ? 1 : 0);
      if (broker.waiting !== undefined) this.brokerWaiting.set(broker.waiting);
      this.brokerHeld.set(broker.held);
      this.brokerReconnects.set(broker.reconnects);
      this.brokerMessages.set({ outcome: 'appended' }, broker.counts.appended);
      this.brokerMessages.set({ outcome: 'dead-lettered' }, broker.counts.deadLettered);
    }
    // With what the write path counts as it goes (HTTP, appends, commits, vault).
    return Registry.merge([this.registry, this.operations.registry]).metrics();
  }

  private gauge<L extends string = never>(name: string, help: string, labelNames: L[] = []): Gauge<L> {
    return new Gauge<L>({ name, help, labelNames, registers: [this.registry] });
  }
}
