import type Database from 'better-sqlite3';
import type { BreachRecord, Finding, ObservedProcessingRow, ObservedPurpose, ProcessingActivityDeclared, SubjectProfile } from '@ledger/domain';
import { BreachesQueries } from '../breaches/breaches.queries';
import { FindingFilter, FindingsQueries } from '../findings/findings.queries';
import { HistoryFilter, HistoryQueries, HistoryRow } from '../history/history.queries';
import { ProcessingRecordsQueries } from '../processing-records/processing-records.queries';
import type { RecipientEntry } from '../recipients/recipients.projection';
import { RecipientsQueries } from '../recipients/recipients.queries';
import { SubjectsQueries } from '../subjects/subjects.queries';
import { Statements } from './statements';

/**
 * Reads the projections' tables: one door to the queries that live beside each read model
 * (<name>/<name>.queries.ts). Every query is a few indexed lookups; nothing here writes.
 */
export class ReadModels {
  private readonly subjects: SubjectsQueries;
  private readonly histories: HistoryQueries;
  private readonly breachRegister: BreachesQueries;
  private readonly findingRows: FindingsQueries;
  private readonly recipientRegister: RecipientsQueries;
  private readonly processing: ProcessingRecordsQueries;

  constructor(db: Database.Database) {
    const statements = new Statements(db);
    this.subjects = new SubjectsQueries(statements);
    this.histories = new HistoryQueries(statements);
    this.breachRegister = new BreachesQueries(statements);
    this.findingRows = new FindingsQueries(statements);
    this.recipientRegister = new RecipientsQueries(statements);
    this.processing = new ProcessingRecordsQueries(statements);
  }

  profile(subjectId: string): SubjectProfile | undefined {
    return this.subjects.profile(subjectId);
  }

  hasProfile(subjectId: string): boolean {
    return this.subjects.hasProfile(subjectId);
  }

  history(subjectId: string, filter: HistoryFilter): HistoryRow[] {
    return this.histories.history(subjectId, filter);
  }

  breaches(): BreachRecord[] {
    return this.breachRegister.breaches();
  }

  breach(breachId: string): BreachRecord | undefined {
    return this.breachRegister.breach(breachId);
  }

  findings(filter: FindingFilter): Finding[] {
    return this.findingRows.findings(filter);
  }

  recipients(): RecipientEntry[] {
    return this.recipientRegister.recipients();
  }

  recipient(recipientId: string): RecipientEntry | undefined {
    return this.recipientRegister.recipient(recipientId);
  }

  activities(): { activityId: string; declaredAt: string; declaration: ProcessingActivityDeclared }[] {
    return this.processing.activities();
  }

  /** The observed processing under these purposes (a range of the primary key each). */
  observedProcessing(purposes: readonly string[]): ObservedProcessingRow[] {
    return this.processing.observedProcessing(purposes);
  }

  /** A page of the observed purposes that are not among `declared`, in order, after `after`. */
  undeclaredPurposes(declared: readonly string[], page: { after?: string; limit: number }): ObservedPurpose[] {
    return this.processing.undeclaredPurposes(declared, page);
  }
}
