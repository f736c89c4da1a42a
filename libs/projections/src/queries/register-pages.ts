import type Database from 'better-sqlite3';
import type { BreachRecord, Finding } from '@ledger/domain';
import { BreachKey, BreachesQueries } from '../breaches/breaches.queries';
import { FindingFilter, FindingKey, FindingsQueries, OpenFindingsSummary } from '../findings/findings.queries';
import type { RecipientEntry } from '../recipients/recipients.projection';
import { RecipientsQueries } from '../recipients/recipients.queries';
import { RequestFilter, RequestKey, RequestRow, RequestsQueries } from '../requests/requests.queries';
import type { KeysetPage } from './keyset-page';
import { Statements } from './statements';

/** Keyset pages of the registers (keyset-page.ts), read by the queries beside each read model. Nothing here writes. */
export class RegisterPages {
  private readonly findingRows: FindingsQueries;
  private readonly breachRegister: BreachesQueries;
  private readonly recipientRegister: RecipientsQueries;
  private readonly requestRegister: RequestsQueries;

  constructor(db: Database.Database) {
    const statements = new Statements(db);
    this.findingRows = new FindingsQueries(statements);
    this.breachRegister = new BreachesQueries(statements);
    this.recipientRegister = new RecipientsQueries(statements);
    this.requestRegister = new RequestsQueries(statements);
  }

  /** Findings by due date (then id), the register's order; `total` counts the filter's rows. */
  findings(filter: FindingFilter, after: FindingKey | undefined, limit: number): KeysetPage<Finding, FindingKey> {
    return this.findingRows.page(filter, after, limit);
  }

  findingsTotal(filter: FindingFilter): number {
    return this.findingRows.total(filter);
  }

  /** Open findings at `now`, counted by rule and by due bucket (the overview). */
  openFindingsSummary(now: Date): OpenFindingsSummary {
    return this.findingRows.openSummary(now);
  }

  /** Breaches by awareness, newest first (those without a detection last), then by id. */
  breaches(after: BreachKey | undefined, limit: number): KeysetPage<BreachRecord, BreachKey> {
    return this.breachRegister.page(after, limit);
  }

  /** Breaches whose Art. 33 clock runs, soonest deadline first, at most `limit`; and how many there are. */
  breachesAwaitingNotification(limit: number): { total: number; first: BreachRecord[] } {
    return { total: this.breachRegister.awaitingNotificationTotal(), first: this.breachRegister.awaitingNotification(limit) };
  }

  breachesTotal(): number {
    return this.breachRegister.total();
  }

  /** Recipients by id. */
  recipients(after: string | undefined, limit: number): KeysetPage<RecipientEntry, string> {
    return this.recipientRegister.page(after, limit);
  }

  recipientsTotal(): number {
    return this.recipientRegister.total();
  }

  /** The DSR register, newest request first (then by subject and request id). */
  requests(filter: RequestFilter, after: RequestKey | undefined, limit: number): KeysetPage<RequestRow, RequestKey> {
    return this.requestRegister.page(filter, after, limit);
  }

  requestsTotal(filter: RequestFilter): number {
    return this.requestRegister.total(filter);
  }

  /** One subject's request, as the register holds it. */
  request(subjectId: string, requestId: string): RequestRow | undefined {
    return this.requestRegister.request(subjectId, requestId);
  }
}
