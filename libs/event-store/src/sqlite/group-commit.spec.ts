import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupCommit } from './group-commit';
import { openSqlite } from './sqlite-connection';

/** A promise and the means to settle it from outside. */
function deferred(): { promise: Promise<void>; resolve(): void; reject(e: Error): void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('GroupCommit with a barrier', () => {
  let dir: string;
  let db: Database.Database;
  let reader: Database.Database;
  const rows = () => (reader.prepare('SELECT value FROM items ORDER BY rowid').all() as { value: string }[]).map((r) => r.value);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-group-commit-'));
    db = openSqlite(join(dir, 'items.db'));
    db.exec('CREATE TABLE items (value TEXT NOT NULL)');
    reader = new Database(join(dir, 'items.db'), { readonly: true });
  });
  afterEach(() => {
    reader.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const writer = (barrier: () => Promise<void> | undefined) => {
    const insert = db.prepare('INSERT INTO items (value) VALUES (?)');
    return new GroupCommit<string, string>(db, (value) => (insert.run(value), value), { barrier });
  };

  it('commits a batch only once its barrier resolved, and answers its callers after that', async () => {
    const gate = deferred();
    const group = writer(() => gate.promise);
    let answered = false;
    const done = Promise.all([group.submit('a'), group.submit('b')]).then((r) => ((answered = true), r));
    await turn();
    await turn();
    expect(rows()).toEqual([]);
    expect(answered).toBe(false);
    gate.resolve();
    expect(await done).toEqual(['a', 'b']);
    expect(rows()).toEqual(['a', 'b']);
  });

  it('keeps the order of batches: one without a barrier waits for the one before it', async () => {
    const gate = deferred();
    const gates = [gate.promise, undefined];
    const group = writer(() => gates.shift());
    const first = group.submit('first');
    await turn();
    const second = group.submit('second');
    await turn();
    await turn();
    expect(rows()).toEqual([]);
    gate.resolve();
    await Promise.all([first, second]);
    expect(rows()).toEqual(['first', 'second']);
  });

  it('fails a batch whose barrier fails, writing none of it, and goes on with the next', async () => {
    const gate = deferred();
    const gates = [gate.promise, undefined];
    const group = writer(() => gates.shift());
    const first = group.submit('lost');
    await turn();
    const second = group.submit('kept');
    gate.reject(new Error('fsync failed'));
    await expect(first).rejects.toThrow('fsync failed');
    await expect(second).resolves.toBe('kept');
    expect(rows()).toEqual(['kept']);
  });

  it('drains: close can wait for a batch held at its barrier', async () => {
    const gate = deferred();
    const group = writer(() => gate.promise);
    const item = group.submit('late');
    await turn();
    const drained = group.drained();
    setTimeout(gate.resolve, 10);
    await drained;
    await expect(item).resolves.toBe('late');
    expect(rows()).toEqual(['late']);
  });
});
