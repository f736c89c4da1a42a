import { IdempotencyConflictError, WrongExpectedRevisionError } from '../port/event-store-errors';
import { LogState, PendingAppend, PreparedEvent, planAppend } from './append-plan';

const event = (id: string, data = '{}'): PreparedEvent => ({ id, type: 'T', data, metadata: '{}' });
const emptyLog = (): LogState => ({ position: 0, tips: new Map(), byId: new Map() });
const at = '2026-01-01T00:00:00.000Z';

/** The appends of one group commit are decided one after the other against the log as the lock holder sees it. */
describe('planAppend', () => {
  it('numbers positions after the log and revisions after the stream tip, chaining hashes', () => {
    const state = emptyLog();
    state.position = 41;
    const plan = planAppend({ recordedAt: at, writes: [{ streamId: 's', expectedRevision: 'no_stream', events: [event('e1'), event('e2')] }] }, state);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.rows.map((r) => [r.position, r.revision])).toEqual([
      [42, 0],
      [43, 1],
    ]);
    expect(plan.rows[0].prevHash).toBeNull();
    expect(plan.rows[1].prevHash).toBe(plan.rows[0].hash);
    expect(state).toMatchObject({ position: 43 });
    expect(state.tips.get('s')).toEqual({ revision: 1, hash: plan.rows[1].hash });
  });

  it('leaves no trace of an append that fails, for the appends after it in the same batch', () => {
    const state = emptyLog();
    const failing: PendingAppend = {
      recordedAt: at,
      writes: [
        { streamId: 'a', expectedRevision: 'no_stream', events: [event('e1')] },
        { streamId: 'b', expectedRevision: 5, events: [event('e2')] },
      ],
    };
    const failed = planAppend(failing, state);
    expect(failed).toMatchObject({ ok: false, error: expect.any(WrongExpectedRevisionError) });
    expect(state).toEqual(emptyLog());
    // Stream a is still new and e1 still unused.
    const next = planAppend({ recordedAt: at, writes: [{ streamId: 'a', expectedRevision: 'no_stream', events: [event('e1')] }] }, state);
    expect(next).toMatchObject({ ok: true, results: [{ duplicate: false, events: [{ revision: 0, position: { commit: 1 } }] }] });
  });

  it('answers a retry within the same batch as a duplicate, and other content with the same id as a conflict', () => {
    const state = emptyLog();
    const write = { streamId: 's', expectedRevision: 'any' as const, events: [event('e1', '{"n":1}')] };
    const first = planAppend({ recordedAt: at, writes: [write] }, state);
    const retry = planAppend({ recordedAt: at, writes: [write] }, state);
    const other = planAppend({ recordedAt: at, writes: [{ ...write, events: [event('e1', '{"n":2}')] }] }, state);
    expect(first).toMatchObject({ ok: true, results: [{ duplicate: false }] });
    expect(retry).toMatchObject({ ok: true, rows: [], results: [{ duplicate: true, events: [{ id: 'e1', revision: 0, position: { commit: 1 } }] }] });
    expect(other).toMatchObject({ ok: false, error: expect.any(IdempotencyConflictError) });
  });

  it('refuses an id already stored when it is not the first of its write', () => {
    const state = emptyLog();
    state.byId.set('e1', { position: 1, id: 'e1', stream: 's', revision: 0, type: 'T', data: '{}', metadata: '{}' });
    const plan = planAppend({ recordedAt: at, writes: [{ streamId: 's', expectedRevision: 'any', events: [event('e0'), event('e1')] }] }, state);
    expect(plan).toMatchObject({ ok: false, error: expect.any(IdempotencyConflictError) });
  });
});
