import { randomUUID } from 'node:crypto';
import { example } from './fixtures/catalog-examples';
import { client } from './support/http';
import { RunningLedger, startLedger } from './support/ledger-server';

/** Issue 12, point 5: what the write path counts, scraped from GET /metrics. */

/** A series' value in the Prometheus text format, e.g. metric(text, 'ledger_appends_total{outcome="appended"}'). */
const metric = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

const collected = (externalId: string) => example('PersonalDataCollected', { subject: { system: 'crm', externalId } });

describe('GET /metrics: HTTP, appends, commits and the key vault', () => {
  let ledger: RunningLedger;
  let text: string;
  let subjectId: string;
  const names = [`C-${randomUUID()}`, `C-${randomUUID()}`, `C-${randomUUID()}`];

  beforeAll(async () => {
    ledger = await startLedger();
    const api = client(ledger.url, ledger.auth);
    const one = collected(names[0]);
    const first = await api.post('/v1/events', one);
    expect(first.status).toBe(201);
    subjectId = first.body.subjectId;
    expect((await api.post('/v1/events', one)).status).toBe(200); // the same fact again: a duplicate, nothing written
    expect((await api.post('/v1/events/batch', { events: [collected(names[1]), collected(names[2])] })).status).toBe(201);
    expect((await api.post('/v1/events', { ...collected(names[0]), type: 'NoSuchType' })).status).toBe(400);
    expect((await api.get(`/no/such/path/${subjectId}`)).status).toBe(404);
    expect((await api.get(`/v1/subjects/${subjectId}/data-map`, { 'x-purpose': 'metrics test' })).status).toBe(200);
    const res = await fetch(`${ledger.url}/metrics`, { headers: ledger.auth });
    expect(res.status).toBe(200);
    text = await res.text();
  });
  afterAll(() => ledger.close());

  it('counts HTTP requests by method, route pattern and status, with their duration', () => {
    expect(metric(text, 'ledger_http_requests_total{method="POST",route="/v1/events",status="201"}')).toBe(1);
    expect(metric(text, 'ledger_http_requests_total{method="POST",route="/v1/events",status="200"}')).toBe(1);
    expect(metric(text, 'ledger_http_requests_total{method="POST",route="/v1/events",status="400"}')).toBe(1);
    expect(metric(text, 'ledger_http_requests_total{method="POST",route="/v1/events/batch",status="201"}')).toBe(1);
    expect(metric(text, 'ledger_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(metric(text, 'ledger_http_requests_total{method="GET",route="/v1/subjects/:subjectId/data-map",status="200"}')).toBe(1);
    expect(metric(text, 'ledger_http_request_duration_seconds_count{method="POST",route="/v1/events",status="201"}')).toBe(1);
  });

  it('never puts an id into a label', () => {
    expect(text).not.toContain(subjectId);
    for (const name of names) expect(text).not.toContain(name);
  });

  it('counts appends by outcome, with their events, duration and batch size', () => {
    expect(metric(text, 'ledger_appends_total{outcome="appended"}')).toBe(2);
    expect(metric(text, 'ledger_appends_total{outcome="duplicate"}')).toBe(1);
    expect(metric(text, 'ledger_appended_events_total{outcome="appended"}')).toBe(3);
    expect(metric(text, 'ledger_appended_events_total{outcome="duplicate"}')).toBe(1);
    expect(metric(text, 'ledger_append_duration_seconds_count')).toBe(3);
    expect(metric(text, 'ledger_append_batch_size_bucket{le="1"}')).toBe(2);
    expect(metric(text, 'ledger_append_batch_size_bucket{le="2"}')).toBe(3);
    expect(metric(text, 'ledger_append_batch_size_sum')).toBe(4);
  });

  it("counts the store's group commits and the events in them", () => {
    expect(metric(text, 'ledger_store_commit_events_count')).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'ledger_store_commit_events_sum')).toBeGreaterThanOrEqual(4);
    expect(metric(text, 'ledger_store_commit_duration_seconds_count')).toBe(metric(text, 'ledger_store_commit_events_count'));
  });

  it('counts key vault operations and the subjects it created', () => {
    expect(metric(text, 'ledger_vault_operations_total{operation="prepare",outcome="ok"}')).toBe(3);
    expect(metric(text, 'ledger_vault_operation_duration_seconds_count{operation="prepare"}')).toBe(3);
    expect(metric(text, 'ledger_vault_subjects_created_total')).toBe(3);
  });
});
