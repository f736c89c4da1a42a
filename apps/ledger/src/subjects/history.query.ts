import { BadRequestException, NotFoundException } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { StoredEventLike } from '@ledger/domain';
import { HistoryRow, ReadModels } from '@ledger/projections';
import { FactDecoder, FactView } from './fact-decoder';

export interface HistoryPage {
  subjectId: string;
  events: FactView[];
  /** Pass as `cursor` for the next page; absent on the last. */
  next?: string;
}

export interface HistoryCriteria {
  types?: string[];
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

/** A subject's processing history in business time, filtered by type and period, a page at a time. */
export class HistoryQuery extends Query<HistoryPage> {
  constructor(
    readonly subjectId: string,
    readonly criteria: HistoryCriteria,
  ) {
    super();
  }
}

const encodeCursor = (row: HistoryRow) => Buffer.from(JSON.stringify([row.occurred_at, row.position])).toString('base64url');

function decodeCursor(cursor: string): { occurredAt: string; position: number } {
  try {
    const [occurredAt, position] = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (typeof occurredAt === 'string' && Number.isInteger(position)) return { occurredAt, position };
  } catch {
    // fall through: not one of ours
  }
  throw new BadRequestException('cursor is not one this API returned');
}

@QueryHandler(HistoryQuery)
export class HistoryHandler implements IQueryHandler<HistoryQuery> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly decoder: FactDecoder,
  ) {}

  async execute({ subjectId, criteria }: HistoryQuery): Promise<HistoryPage> {
    if (!this.readModels.hasProfile(subjectId)) throw new NotFoundException(`no facts are recorded for subject ${subjectId}`);
    const rows = this.readModels.history(subjectId, {
      types: criteria.types,
      from: criteria.from,
      to: criteria.to,
      after: criteria.cursor ? decodeCursor(criteria.cursor) : undefined,
      limit: criteria.limit + 1,
    });
    const page = rows.slice(0, criteria.limit);
    const events = await this.decoder.decodeAll(page.map(toRecorded));
    return { subjectId, events, ...(rows.length > criteria.limit ? { next: encodeCursor(page[page.length - 1]) } : {}) };
  }
}

const toRecorded = (row: HistoryRow): StoredEventLike => ({
  id: row.event_id,
  type: row.type,
  streamId: row.stream,
  revision: row.revision,
  position: { commit: row.position },
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  recordedAt: row.recorded_at,
});
