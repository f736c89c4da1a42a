import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** Seconds: from a fraction of a millisecond (a cached vault lookup) to seconds (a stalled disk). */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Facts per append and events per commit: one POST holds 1 to 1000; a commit groups many. */
const SIZE_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

export type AppendOutcome = 'appended' | 'duplicate' | 'failed';

/**
 * What the ledger does, counted where it happens: HTTP requests by route and status, appends
 * (how many, how long, how large) and the store's group commits, and key vault operations.
 * The registry is the one GET /metrics renders (LedgerMetrics adds the read side and process
 * metrics to it). Provided globally, so the write path records without importing the
 * observability module. Labels never carry ids or names: routes are patterns, not URLs.
 */
@Injectable()
export class OperationMetrics {
  readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'ledger_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpSeconds = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'From the request received to the answer sent, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly appends = new Counter({
    name: 'ledger_appends_total',
    help: 'Appends of recorded facts (one per POST that passed validation), by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly appendedEvents = new Counter({
    name: 'ledger_appended_events_total',
    help: 'Events in those appends, by outcome (duplicate: a retry of a recorded fact, nothing written)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly appendSeconds = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'One append from the call until the store committed it (group commit wait included)',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly appendSize = new Histogram({
    name: 'ledger_append_batch_size',
    help: 'Facts per append (1 for POST /v1/events, up to 1000 for a batch)',
    buckets: SIZE_BUCKETS,
    registers: [this.registry],
  });
  private readonly commitSize = new Histogram({
    name: 'ledger_store_commit_events',
    help: 'Events per event store transaction: concurrent appends share one commit and one fsync (embedded store)',
    buckets: SIZE_BUCKETS,
    registers: [this.registry],
  });
  private readonly commitSeconds = new Histogram({
    name: 'ledger_store_commit_duration_seconds',
    help: 'One event store transaction, fsync included (embedded store)',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly vaultOperations = new Counter({
    name: 'ledger_vault_operations_total',
    help: 'Key vault operations, by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly vaultSeconds = new Histogram({
    name: 'ledger_vault_operation_duration_seconds',
    help: 'Key vault operations, by operation',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly vaultSubjects = new Counter({
    name: 'ledger_vault_subjects_created_total',
    help: 'Subjects the key vault created (a name it had not seen)',
    registers: [this.registry],
  });

  httpAnswered(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpSeconds.observe(labels, seconds);
  }

  appended(outcome: AppendOutcome, facts: number, seconds: number): void {
    this.appends.inc({ outcome });
    this.appendedEvents.inc({ outcome }, facts);
    this.appendSeconds.observe(seconds);
    this.appendSize.observe(facts);
  }

  committed(events: number, seconds: number): void {
    this.commitSize.observe(events);
    this.commitSeconds.observe(seconds);
  }

  vaultOperation(operation: string, outcome: 'ok' | 'failed', seconds: number): void {
    this.vaultOperations.inc({ operation, outcome });
    this.vaultSeconds.observe({ operation }, seconds);
  }

  subjectsCreated(count: number): void {
    if (count > 0) this.vaultSubjects.inc(count);
  }
}
