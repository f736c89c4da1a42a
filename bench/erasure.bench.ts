import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Fact, streamName } from '@ledger/domain';
import { EVENT_STORE, EventStore } from '@ledger/event-store';
import { generateApiKey } from '@ledger/access';
import { AppModule } from '../apps/ledger/src/app.module';
import { loadLedgerConfig } from '@ledger/config';
import { FactInspector } from '../apps/ledger/src/ingestion/fact-inspector';
import { RecordFactsCommand } from '../apps/ledger/src/ingestion/record-facts.command';
import { BENCH_RECORDER } from './command-path.module';
import { printTable, remove, scratchDir } from './support';

const at = (day: number) => new Date(Date.UTC(2024, 0, 1) + day * 60_000).toISOString();

/**
 * Issue 4: erasing a subject costs the same whatever the length of its history, because
 * erasure destroys keys and never touches the events. Timed from the last fact the workflow
 * waits for (the recipient told) to the SubjectDataShredded proof in the log.
 */
export async function erasureBench(): Promise<void> {
  const dir = scratchDir('erasure');
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot(loadLedgerConfig({ LEDGER_DATA_DIR: dir, LEDGER_LOG_LEVEL: 'silent', LEDGER_BOOTSTRAP_ADMIN_KEY: generateApiKey() })),
    { logger: false },
  );
  try {
    console.log('\n== erasure: cost against history length ==');
    const inspector = app.get(FactInspector);
    const commands = app.get(CommandBus);
    const store = app.get<EventStore>(EVENT_STORE);
    const record = async (facts: Fact[]) => commands.execute(new RecordFactsCommand(await inspector.batch({ events: facts }), BENCH_RECORDER));

    const erase = async (events: number): Promise<number> => {
      const subject = { system: 'crm', externalId: `C-${randomUUID()}` };
      const history: Fact[] = [
        {
          id: randomUUID(),
          type: 'PersonalDataSharedWithProcessor',
          occurredAt: at(0),
          subject,
          data: { recipientId: 'mailer', categories: ['user.contact.email'], purpose: 'newsletter', legalBasis: 'consent' },
        },
        ...Array.from({ length: events - 1 }, (_, i): Fact => ({
          id: randomUUID(),
          type: 'PersonalDataCollected',
          occurredAt: at(i + 1),
          subject,
          data: { categories: ['user.name', 'user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'crm' },
          personal: { name: `Name ${i}`, email: `n${i}@example.nl` },
        })),
      ];
      let subjectId = '';
      for (let i = 0; i < history.length; i += 1000) subjectId = (await record(history.slice(i, i + 1000)))[0].subjectId!;
      const ref = { subjectId };
      await record([
        { id: randomUUID(), type: 'SubjectRequestReceived', occurredAt: at(events + 1), subject: ref, data: { requestId: 'E', right: 'erasure' } },
        {
          id: randomUUID(),
          type: 'PersonalDataErased',
          occurredAt: at(events + 2),
          subject: ref,
          data: { requestId: 'E', ground: 'subject-request', system: 'crm', categories: ['user.name', 'user.contact.email'] },
        },
      ]);
      const start = process.hrtime.bigint();
      await record([{ id: randomUUID(), type: 'RecipientNotifiedOfErasure', occurredAt: at(events + 3), subject: ref, data: { recipientId: 'mailer' } }]);
      for (;;) {
        const [last] = await collect(store.readStream(streamName('subject', subjectId), { direction: 'backwards', maxCount: 1 }));
        if (last.type === 'SubjectDataShredded') break;
        await new Promise((r) => setImmediate(r));
      }
      return Number(process.hrtime.bigint() - start) / 1e6;
    };

    const rows: (string | number)[][] = [['history', 'subjects', 'median ms', 'max ms']];
    const medians: Record<number, number> = {};
    for (const [events, subjects] of [
      [10, 30],
      [10_000, 5],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < subjects; i++) times.push(await erase(events));
      times.sort((a, b) => a - b);
      medians[events] = times[Math.floor(times.length / 2)];
      rows.push([`${events.toLocaleString('en-US')} events`, subjects, medians[events].toFixed(1), times.at(-1)!.toFixed(1)]);
    }
    printTable(rows);
    console.log(`10,000 / 10 = ${(medians[10_000] / medians[10]).toFixed(2)} (about 1 means the cost does not grow with the history)`);
  } finally {
    await app.close();
    remove(dir);
  }
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
