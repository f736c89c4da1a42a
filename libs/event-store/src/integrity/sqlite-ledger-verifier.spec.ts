import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { describeProblem } from './integrity-problem';
import { verifySqliteLedger } from './sqlite-ledger-verifier';

/**
 * The verifier on real files, in one thread and split over worker threads: both must find the
 * same problems, including where a stream crosses from one thread's range into the next.
 */
describe('verifySqliteLedger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-verifier-'));
  const pristine = join(dir, 'pristine.db');
  let copies = 0;

  beforeAll(async () => {
    const store = new SqliteEventStore({ file: pristine });
    for (let i = 0; i < 300; i++) await store.append(`subject-${i % 7}`, [{ id: `e${i}`, type: 'ConsentGiven', data: { purpose: `p${i}` } }]);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the pristine ledger, edited behind its back. */
  function tampered(edit: (db: Database.Database) => void): string {
    const file = join(dir, `copy-${++copies}.db`);
    copyFileSync(pristine, file);
    const db = new Database(file);
    edit(db);
    db.close();
    return file;
  }

  const verifyBoth = async (file: string) => {
    const [one, three] = await Promise.all([verifySqliteLedger({ file, threads: 1 }), verifySqliteLedger({ file, threads: 3 })]);
    expect({ ...three, threads: 1 }).toEqual(one);
    return one;
  };

  it('passes an untouched ledger and counts what it checked', async () => {
    const progress: number[] = [];
    const report = await verifySqliteLedger({ file: pristine, threads: 3, onProgress: (checked) => progress.push(checked) });
    expect(report).toMatchObject({ events: 300, streams: 7, lastPosition: 300, problems: [], problemCount: 0 });
    expect(progress.at(-1)).toBe(300);
    expect(report.threads).toBe(3);
    expect(await verifySqliteLedger({ file: pristine, threads: 1 })).toEqual({ ...report, threads: 1 });
  });

  it('finds a deleted row and the revision it took from its stream, on either side of a thread boundary', async () => {
    // Position 101 is the first of the second third: subject-2, revision 14.
    const report = await verifyBoth(tampered((db) => db.prepare('DELETE FROM events WHERE position = 101').run()));
    expect(report.problems.map(describeProblem)).toEqual([
      'position 101 is missing from the log: an event was deleted',
      'stream subject-2: revision 14 is missing (the stream continues at revision 15, position 108)',
    ]);
  });

  it('finds an edited event, and an event pointed at the wrong predecessor', async () => {
    const file = tampered((db) => {
      db.prepare("UPDATE events SET data = replace(data, 'p200', 'p201') WHERE position = 201").run();
      db.prepare('UPDATE events SET prev_hash = (SELECT hash FROM events WHERE position = 1) WHERE position = 250').run();
    });
    const report = await verifyBoth(file);
    expect(report.problems).toEqual([
      { kind: 'altered-event', stream: 'subject-4', revision: 28, position: 201 },
      // The recorded predecessor is part of what the hash covers: both are wrong.
      { kind: 'altered-event', stream: 'subject-4', revision: 35, position: 250 },
      { kind: 'broken-link', stream: 'subject-4', revision: 35, position: 250 },
    ]);
  });

  it('finds deleted rows at the start of the log and a stream whose first event was removed', async () => {
    const report = await verifyBoth(tampered((db) => db.prepare('DELETE FROM events WHERE position <= 2').run()));
    expect(report.problems.map(describeProblem)).toEqual([
      'positions 1 to 2 are missing from the log: 2 events were deleted',
      'stream subject-0: revision 0 is missing (the stream continues at revision 1, position 8)',
      'stream subject-1: revision 0 is missing (the stream continues at revision 1, position 9)',
    ]);
  });

  it('says an empty ledger has nothing wrong', async () => {
    const file = tampered((db) => db.prepare('DELETE FROM events').run());
    expect(await verifySqliteLedger({ file })).toMatchObject({ events: 0, streams: 0, lastPosition: 0, problems: [], problemCount: 0 });
  });
});
