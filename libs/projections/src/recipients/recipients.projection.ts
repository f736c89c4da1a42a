import type Database from 'better-sqlite3';
import { RecipientRegistered, isInEea, parseStreamName, toLedgerEvent } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../runner/projection';
import type { Handles } from '../runner/handles';

export interface RecipientEntry extends Partial<RecipientRegistered> {
  recipientId: string;
  registeredAt?: string;
  updatedAt: string;
  outsideEea?: boolean;
}

/** The processor/recipient register: each registration with its updates merged over it. */
export class RecipientsProjection implements Projection<'recipients'> {
  readonly name = 'recipients';
  readonly version = 1;
  readonly tables = ['recipients'];
  readonly handles: Handles = { recipient: ['RecipientRegistered', 'RecipientUpdated'] };
  private stmt!: Record<'load' | 'save', Database.Statement>;

  setup(db: Database.Database): void {
    db.exec('CREATE TABLE IF NOT EXISTS recipients (recipient_id TEXT PRIMARY KEY, entry TEXT NOT NULL)');
    this.stmt = {
      load: db.prepare('SELECT entry FROM recipients WHERE recipient_id = ?'),
      save: db.prepare('INSERT INTO recipients (recipient_id, entry) VALUES (?, ?) ON CONFLICT (recipient_id) DO UPDATE SET entry = excluded.entry'),
    };
  }

  apply(events: readonly RecordedEvent[]): void {
    for (const stored of events) {
      const stream = parseStreamName(stored.streamId);
      if (stream?.kind !== 'recipient') continue;
      const event = toLedgerEvent(stored);
      if (event.type !== 'RecipientRegistered' && event.type !== 'RecipientUpdated') continue;
      const row = this.stmt.load.get(stream.id) as { entry: string } | undefined;
      const entry: RecipientEntry = row ? JSON.parse(row.entry) : { recipientId: stream.id, updatedAt: event.occurredAt };
      Object.assign(entry, event.data);
      if (event.type === 'RecipientRegistered' && !entry.registeredAt) entry.registeredAt = event.occurredAt;
      entry.updatedAt = event.occurredAt;
      if (entry.country) entry.outsideEea = !isInEea(entry.country);
      this.stmt.save.run(stream.id, JSON.stringify(entry));
    }
  }
}
