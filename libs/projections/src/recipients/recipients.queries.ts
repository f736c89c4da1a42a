import { KeysetPage, page } from '../queries/keyset-page';
import type { Statements } from '../queries/statements';
import type { RecipientEntry } from './recipients.projection';

/** Reads of the recipients read model (recipients.projection.ts): the processor/recipient register. */
export class RecipientsQueries {
  constructor(private readonly s: Statements) {}

  recipients(): RecipientEntry[] {
    return (this.s.sql('SELECT entry FROM recipients ORDER BY recipient_id').all() as { entry: string }[]).map((r) => JSON.parse(r.entry));
  }

  recipient(recipientId: string): RecipientEntry | undefined {
    const row = this.s.sql('SELECT entry FROM recipients WHERE recipient_id = ?').get(recipientId) as { entry: string } | undefined;
    return row ? JSON.parse(row.entry) : undefined;
  }

  /** Recipients by id. */
  page(after: string | undefined, limit: number): KeysetPage<RecipientEntry, string> {
    const rows = this.s
      .sql(`SELECT entry, recipient_id FROM recipients ${after ? 'WHERE recipient_id > ?' : ''} ORDER BY recipient_id LIMIT ?`)
      .all(...(after ? [after] : []), limit + 1) as { entry: string; recipient_id: string }[];
    return page(
      rows,
      limit,
      (r) => JSON.parse(r.entry) as RecipientEntry,
      (r) => r.recipient_id,
    );
  }

  total(): number {
    return (this.s.sql('SELECT count(*) AS n FROM recipients').get() as { n: number }).n;
  }
}
