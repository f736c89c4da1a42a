import { Inject, NotFoundException } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { streamName } from '@ledger/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@ledger/event-store';
import { KEY_VAULT, KeyVault } from '@ledger/vault';
import { FactDecoder, FactView } from './fact-decoder';

export interface SubjectEventsPage {
  subjectId: string;
  events: FactView[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: number;
}

/** The stored facts of one subject, oldest first, a page at a time. */
export class SubjectEventsQuery extends Query<SubjectEventsPage> {
  constructor(
    readonly subjectId: string,
    readonly limit: number,
    readonly afterRevision?: number,
  ) {
    super();
  }
}

@QueryHandler(SubjectEventsQuery)
export class SubjectEventsHandler implements IQueryHandler<SubjectEventsQuery, SubjectEventsPage> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    private readonly decoder: FactDecoder,
  ) {}

  async execute({ subjectId, limit, afterRevision }: SubjectEventsQuery): Promise<SubjectEventsPage> {
    if (!(await this.vault.subjectExists(subjectId))) throw new NotFoundException(`no subject ${subjectId}`);
    const events: RecordedEvent[] = [];
    const from = afterRevision === undefined ? 0 : afterRevision + 1;
    // One more than asked tells whether another page follows.
    for await (const event of this.store.readStream(streamName('subject', subjectId), { fromRevision: from, maxCount: limit + 1 })) {
      events.push(event);
    }
    const page = events.slice(0, limit);
    return {
      subjectId,
      events: await this.decoder.decodeAll(page),
      ...(events.length > limit ? { next: page[page.length - 1].revision } : {}),
    };
  }
}
