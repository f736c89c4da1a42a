import type { ObservedProcessingRow, ObservedPurpose, ProcessingActivityDeclared } from '@ledger/domain';
import type { Statements } from '../queries/statements';

/** Reads of the processing-records read model (processing-records.projection.ts), for the Art. 30(1) record. */
export class ProcessingRecordsQueries {
  constructor(private readonly s: Statements) {}

  activities(): { activityId: string; declaredAt: string; declaration: ProcessingActivityDeclared }[] {
    return (
      this.s.sql('SELECT * FROM processing_activities ORDER BY activity_id').all() as { activity_id: string; declared_at: string; declaration: string }[]
    ).map((r) => ({ activityId: r.activity_id, declaredAt: r.declared_at, declaration: JSON.parse(r.declaration) }));
  }

  /** The observed processing under these purposes (a range of the primary key each). */
  observedProcessing(purposes: readonly string[]): ObservedProcessingRow[] {
    const rows = this.s
      .sql(
        `SELECT o.* FROM json_each(?) AS p JOIN observed_processing AS o ON o.purpose = p.value
       ORDER BY o.purpose, o.legal_basis, o.system, o.recipient_id, o.category, o.country, o.safeguard`,
      )
      .all(JSON.stringify([...new Set(purposes)])) as Record<string, string & number>[];
    return rows.map((r) => ({
      purpose: r.purpose,
      legalBasis: r.legal_basis,
      system: r.system,
      recipientId: r.recipient_id,
      category: r.category,
      country: r.country,
      safeguard: r.safeguard,
      firstAt: r.first_at,
      lastAt: r.last_at,
      events: r.events,
    }));
  }

  /** A page of the observed purposes that are not among `declared`, in order, after `after`. */
  undeclaredPurposes(declared: readonly string[], page: { after?: string; limit: number }): ObservedPurpose[] {
    const rows = this.s
      .sql(
        `SELECT purpose, first_at, last_at, events FROM observed_purposes
       WHERE purpose > ? AND purpose NOT IN (SELECT value FROM json_each(?)) ORDER BY purpose LIMIT ?`,
      )
      .all(page.after ?? '', JSON.stringify(declared), page.limit) as { purpose: string; first_at: string; last_at: string; events: number }[];
    return rows.map((r) => ({ purpose: r.purpose, firstAt: r.first_at, lastAt: r.last_at, events: r.events }));
  }
}
