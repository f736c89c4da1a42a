import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AccessReport, Clock, ControllerProfile, Fact, FactRecorder, HeldValue, StoredEventLike, accessReport } from '@ledger/domain';
import { IdempotencyConflictError } from '@ledger/event-store';
import { HistoryRow, ReadModelName, ReadModels, RegisterPages } from '@ledger/projections';
import { LEDGER_EVENT_IDS, LedgerEventIds } from '@ledger/vault';
import { LEDGER_CONFIG, LedgerConfig } from '@ledger/config';
import { CONTROLLER_PROFILE } from '../controller-profile/controller-profile.provider';
import { CLOCK } from '../infrastructure/clock';
import { FactInspector } from '../ingestion/fact-inspector';
import { RecordFactsCommand, RecordedFact } from '../ingestion/record-facts.command';
import { FactDecoder } from '../subjects/fact-decoder';
import type { AccessReportFormat } from './dto/access-report-query.dto';

/** The read models an access report is made from. */
export const ACCESS_REPORT_READ_MODELS = ['subjects', 'history', 'recipients', 'processing-records'] as const satisfies readonly ReadModelName[];

/** What recording the answer to a request did. */
export interface RecordedAnswer {
  requestId: string;
  eventId: string;
  /** False when this report was recorded for the request before (in this format): nothing new was written. */
  recorded: boolean;
  /** The append's log position (pass as `minPosition`); absent when it was recorded before. */
  position?: number;
}

const HISTORY_PAGE = 1000;

@Injectable()
export class AccessReports {
  constructor(
    private readonly readModels: ReadModels,
    private readonly pages: RegisterPages,
    private readonly decoder: FactDecoder,
    private readonly inspector: FactInspector,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONTROLLER_PROFILE) private readonly controller: ControllerProfile | null,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(LEDGER_EVENT_IDS) private readonly ids: LedgerEventIds,
  ) {}

  async of(subjectId: string): Promise<AccessReport> {
    const profile = this.readModels.profile(subjectId);
    if (!profile) throw new NotFoundException(`no facts are recorded for subject ${subjectId}`);
    const recipients = new Map([...profile.recipients.keys()].map((id) => [id, this.readModels.recipient(id)]));
    const activities = this.readModels.activities();
    const now = this.clock.now();
    return accessReport({
      profile,
      recipients: (id) => recipients.get(id),
      activities,
      controller: this.controller,
      accountRetentionMonths: this.config.accountRetentionMonths,
      personalData: await this.heldValues(subjectId),
      now,
    });
  }

  /**
   * Records that this report answered the subject's access request: a PersonalDataExported of
   * the categories it holds, under an id only the ledger can compute (LedgerEventIds), so a
   * repeat of the same report is recognised and no emitter can take the id first.
   */
  async recordAnswer(report: AccessReport, requestId: string, format: AccessReportFormat, recordedBy: FactRecorder): Promise<RecordedAnswer> {
    const request = this.pages.request(report.subjectId, requestId);
    if (!request) throw new NotFoundException(`subject ${report.subjectId} has no request ${requestId} recorded`);
    if (request.right !== 'access') {
      throw new ConflictException(`request ${requestId} is a ${request.right} request: an access report answers an access request (Art. 15)`);
    }
    const kept = report.categories.filter((c) => c.status !== 'erased').map((c) => c.category);
    const categories = kept.length ? kept : report.categories.map((c) => c.category);
    const eventId = this.ids.of('access-report', report.subjectId, requestId, format);
    const fact: Fact = {
      id: eventId,
      type: 'PersonalDataExported',
      occurredAt: this.clock.now().toISOString(),
      subject: { subjectId: report.subjectId },
      data: { requestId, right: 'access', categories, format },
    };
    const problems = this.inspector.problemsOf(fact);
    if (problems.length)
      throw new ConflictException(`the answer to ${requestId} cannot be recorded: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    try {
      const [recorded] = await this.commands.execute<RecordFactsCommand, RecordedFact[]>(new RecordFactsCommand([fact], recordedBy));
      return { requestId, eventId, recorded: !recorded.duplicate, ...(recorded.duplicate ? {} : { position: recorded.position }) };
    } catch (error) {
      // Our own id, recorded before at another time: this report already answered the request.
      if (error instanceof IdempotencyConflictError) return { requestId, eventId, recorded: false };
      throw error;
    }
  }

  /** The personal values of the subject's facts, decrypted while the keys exist: each field's latest value. */
  private async heldValues(subjectId: string): Promise<HeldValue[]> {
    const held = new Map<string, HeldValue>();
    let after: { occurredAt: string; position: number } | undefined;
    for (;;) {
      const rows = this.readModels.history(subjectId, { after, limit: HISTORY_PAGE });
      for (const view of await this.decoder.decodeAll(rows.map(toStored))) {
        if (view.subject?.system && view.subject.externalId !== undefined) {
          const field = `externalId:${view.subject.system}`;
          held.set(field, { field, value: view.subject.externalId, recordedAt: view.occurredAt });
        }
        for (const [field, value] of Object.entries(view.personal ?? {})) {
          held.set(field, { field, value: value as HeldValue['value'], recordedAt: view.occurredAt });
        }
      }
      if (rows.length < HISTORY_PAGE) break;
      after = { occurredAt: rows[rows.length - 1].occurred_at, position: rows[rows.length - 1].position };
    }
    return [...held.values()].sort((a, b) => a.field.localeCompare(b.field));
  }
}

const toStored = (row: HistoryRow): StoredEventLike => ({
  id: row.event_id,
  type: row.type,
  streamId: row.stream,
  revision: row.revision,
  position: { commit: row.position },
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata),
  recordedAt: row.recorded_at,
});
