import { BreachRecord, fromStoredJson } from '@ledger/domain';
import { KeysetPage, page } from '../queries/keyset-page';
import type { Statements } from '../queries/statements';

export type BreachKey = { awareAt: string; breachId: string };

/** Reads of the breaches read model (breaches.projection.ts): the Art. 33(5) register. */
export class BreachesQueries {
  constructor(private readonly s: Statements) {}

  breaches(): BreachRecord[] {
    return (this.s.sql('SELECT record FROM breach_records ORDER BY aware_at DESC, breach_id').all() as { record: string }[]).map((r) =>
      fromStoredJson<BreachRecord>(r.record),
    );
  }

  breach(breachId: string): BreachRecord | undefined {
    const row = this.s.sql('SELECT record FROM breach_records WHERE breach_id = ?').get(breachId) as { record: string } | undefined;
    return row ? fromStoredJson<BreachRecord>(row.record) : undefined;
  }

  /** Breaches by awareness, newest first (those without a detection last), then by id. */
  page(after: BreachKey | undefined, limit: number): KeysetPage<BreachRecord, BreachKey> {
    const rows = this.s
      .sql(
        `SELECT record, coalesce(aware_at, '') AS aware, breach_id FROM breach_records
       ${after ? "WHERE (coalesce(aware_at, '') < ? OR (coalesce(aware_at, '') = ? AND breach_id > ?))" : ''}
       ORDER BY aware DESC, breach_id LIMIT ?`,
      )
      .all(...(after ? [after.awareAt, after.awareAt, after.breachId] : []), limit + 1) as { record: string; aware: string; breach_id: string }[];
    return page(
      rows,
      limit,
      (r) => fromStoredJson<BreachRecord>(r.record),
      (r) => ({ awareAt: r.aware, breachId: r.breach_id }),
    );
  }

  /** Breaches whose Art. 33 clock runs, soonest deadline first (those without an awareness time last), at most `limit`. */
  awaitingNotification(limit: number): BreachRecord[] {
    const rows = this.s
      .sql(`SELECT record FROM breach_records WHERE awaits_notification = 1 ORDER BY notification_due_at IS NULL, notification_due_at, breach_id LIMIT ?`)
      .all(limit) as { record: string }[];
    return rows.map((r) => fromStoredJson<BreachRecord>(r.record));
  }

  awaitingNotificationTotal(): number {
    return (this.s.sql('SELECT count(*) AS n FROM breach_records WHERE awaits_notification = 1').get() as { n: number }).n;
  }

  total(): number {
    return (this.s.sql('SELECT count(*) AS n FROM breach_records').get() as { n: number }).n;
  }
}
