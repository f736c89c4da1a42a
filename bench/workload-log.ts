import { v5 as uuidv5 } from 'uuid';
import { join } from 'node:path';
import { EVENT_CATALOG, Fact, STREAM_REFERENCE, streamName, toUtcIso } from '@ledger/domain';
import { EventStore, SqliteEventStore, StreamWrite } from '@ledger/event-store';
import { fmt, rate, timed } from './support';
import { workload } from './workload';

/** The namespace the benches derive subject ids from, so a bench can name a subject of the workload. */
export const BENCH_SUBJECT_NAMESPACE = '0f6e2c1a-9d8b-4c7a-8e5f-1a2b3c4d5e6f';

/** The workload names subject n `C-(100000 + n)` in billing when n % 3 is 0, else in customer-portal. */
export const benchSubjectId = (n: number): string => uuidv5(`${n % 3 === 0 ? 'billing' : 'customer-portal'}/C-${100000 + n}`, BENCH_SUBJECT_NAMESPACE);

/** Workload facts as the store keeps them (already encoded: ingestion has its own bench), 1000 per appendMany. */
export async function appendWorkload(store: EventStore, facts: readonly Fact[]): Promise<void> {
  for (let i = 0; i < facts.length; i += 1000) {
    const writes: StreamWrite[] = facts.slice(i, i + 1000).map((fact) => {
      const spec = EVENT_CATALOG.get(fact.type)!;
      const ref = fact.subject && 'externalId' in fact.subject ? fact.subject : undefined;
      const subjectId = ref ? uuidv5(`${ref.system}/${ref.externalId}`, BENCH_SUBJECT_NAMESPACE) : undefined;
      const id = subjectId ?? (fact[STREAM_REFERENCE[spec.stream]] as string);
      return {
        streamId: streamName(spec.stream, id),
        events: [
          {
            id: fact.id,
            type: fact.type,
            data: fact.data as Record<string, unknown>,
            metadata: { occurredAt: toUtcIso(fact.occurredAt), ...(subjectId ? { subjectId, system: ref!.system } : {}) },
          },
        ],
      };
    });
    await store.appendMany(writes);
  }
}

/** Writes `events` workload facts over `subjects` subjects straight into `dir`/events.db. */
export async function writeWorkloadLog(dir: string, events: number, subjects: number, seed = 7): Promise<void> {
  const store = new SqliteEventStore({ file: join(dir, 'events.db') });
  const written = await timed(() => appendWorkload(store, workload(events, subjects, seed)));
  await store.close();
  console.log(`log written: ${fmt(events)} events, ${fmt(rate(events, written.seconds))} events/s (store appendMany, 1000 per call)`);
}
