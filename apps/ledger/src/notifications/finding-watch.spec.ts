import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@ledger/event-store';
import { FindingWatch } from './finding-watch';
import type { FindingNotification } from './notification';

/** Breach facts as the store hands them over, in log order. */
let position = 0;
const breachEvent = (breachId: string, type: string, occurredAt: string, data: Record<string, unknown>): RecordedEvent => {
  position += 1;
  return {
    id: `e-${position}`,
    type,
    streamId: `breach-${breachId}`,
    revision: 0,
    position: { commit: position, prepare: position },
    data,
    metadata: { occurredAt },
    recordedAt: occurredAt,
    prevHash: null,
    hash: '',
  };
};
const detected = (breachId: string, awareAt: string) =>
  breachEvent(breachId, 'BreachDetected', awareAt, {
    awareAt,
    nature: ['confidentiality'],
    description: 'mail to the wrong customer',
    categories: ['user.contact.email'],
    // Art. 33(3)(a): without them a notifiable breach has a finding of its own (issue 18).
    subjectCategories: ['customers'],
    approxSubjects: 1,
    approxRecords: 1,
    ongoing: false,
  });

describe('FindingWatch: what is announced, and when', () => {
  let db: Database.Database;
  let dir: string;
  let now: Date;
  let watch: FindingWatch;
  const outbox = () =>
    (db.prepare('SELECT body FROM notification_outbox ORDER BY seq').all() as { body: string }[]).map((r) => {
      const n = JSON.parse(r.body) as FindingNotification;
      return `${n.type} ${n.finding.breachId}`;
    });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'finding-watch-'));
    db = new Database(join(dir, 'notifications.db'));
    now = new Date('2026-11-21T00:00:00Z');
    watch = new FindingWatch({
      accountRetentionMonths: 24,
      breachLeadHours: 24,
      requestLeadDays: 7,
      targets: ['exchange', 'webhook http://x'],
      clock: { now: () => now },
    });
    watch.setup(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('announces a breach opened at once, due soon 24 h before its 72 h, and closed when notified in time', () => {
    watch.apply([detected('B-1', '2026-11-20T10:00:00Z')]);
    expect(outbox()).toEqual(['finding.opened B-1']);
    now = new Date('2026-11-22T09:59:00Z');
    watch.scan();
    expect(outbox()).toEqual(['finding.opened B-1']);
    now = new Date('2026-11-22T10:00:00Z');
    watch.scan();
    watch.scan();
    expect(outbox()).toEqual(['finding.opened B-1', 'finding.due-soon B-1']);
    watch.apply([breachEvent('B-1', 'AuthorityNotified', '2026-11-22T11:00:00Z', { authority: 'nl-ap', phase: 'initial', reference: 'AP-1' })]);
    expect(outbox()).toEqual(['finding.opened B-1', 'finding.due-soon B-1', 'finding.closed B-1']);
    // One delivery per target for each notification.
    expect(db.prepare('SELECT count(*) AS n FROM notification_deliveries').get()).toEqual({ n: 6 });
  });

  it('says nothing is due soon once the deadline has passed: the opened notification carries the due date', () => {
    now = new Date('2026-11-24T00:00:00Z');
    watch.apply([detected('B-2', '2026-11-20T10:00:00Z')]);
    watch.scan();
    expect(outbox()).toEqual(['finding.opened B-2']);
  });

  it('writes nothing for a fact that changes no finding, and each notification once', () => {
    watch.apply([detected('B-3', '2026-11-20T10:00:00Z')]);
    watch.apply([breachEvent('B-3', 'BreachMeasuresTaken', '2026-11-20T12:00:00Z', { measures: 'passwords reset', status: 'taken' })]);
    watch.scan();
    expect(outbox()).toEqual(['finding.opened B-3']);
  });
});
