import { erasureDecider, erasureDueAt, hasErasure, isErasureTrigger, parseStreamName, toSubjectFact } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import type { Projection } from '../runner/projection';
import type { Handles } from '../runner/handles';
import { ERASURE_PROCESS_NAME } from '../projection-names';
import { ErasureStates, KeptState } from './erasure-states';

/**
 * The erasure workflow as a process manager on the log: it keeps each subject's decider
 * state (so deciding costs the same for 10 events as for 10,000), and after each committed
 * batch asks for the keys that became due to be shredded. What shredding is, the server says
 * (`shredDue`: its ShredDueKeysCommand); a rebuild by the CLI shreds nothing.
 */
export class ErasureProcess implements Projection<typeof ERASURE_PROCESS_NAME> {
  readonly name = ERASURE_PROCESS_NAME;
  // 2: the kept state holds Sets and Maps (stored-json.ts). 3: erasure episodes (Art. 19, erasure-notices.ts).
  readonly version = 3;
  readonly tables = ErasureStates.TABLES;
  readonly handles: Handles = { subject: 'all' };
  private touched = new Set<string>();
  /** Shreddings under way, by subject: a status read waits for them (settled). */
  private readonly shredding = new Map<string, Promise<void>>();

  constructor(
    private readonly states: ErasureStates,
    private readonly shredDue: (subjectId: string) => Promise<void>,
  ) {}

  setup(): void {
    this.states.setup();
  }

  apply(events: readonly RecordedEvent[]): void {
    // Each subject's state is read and written once per batch, however many of its events it holds.
    const batch = new Map<string, KeptState>();
    for (const event of events) {
      const stream = parseStreamName(event.streamId);
      if (stream?.kind !== 'subject') continue;
      const kept = batch.get(stream.id) ?? this.states.load(stream.id);
      const state = erasureDecider.evolve(kept?.state ?? erasureDecider.initialState(), toSubjectFact(event));
      batch.set(stream.id, { state, revision: event.revision });
      if (isErasureTrigger(event.type) && hasErasure(state)) this.touched.add(stream.id);
    }
    for (const [subjectId, kept] of batch) this.states.save(subjectId, kept, erasureDueAt(kept.state));
  }

  discardUncommitted(): void {
    this.touched = new Set();
  }

  async afterCommit(): Promise<void> {
    const subjects = [...this.touched];
    this.touched = new Set();
    for (const subjectId of subjects) await this.shred(subjectId);
  }

  /** Shreds what is due for the subject; failures are the shredder's to report (the next sweep retries). */
  shred(subjectId: string): Promise<void> {
    const running: Promise<void> = this.shredDue(subjectId).finally(() => {
      if (this.shredding.get(subjectId) === running) this.shredding.delete(subjectId);
    });
    this.shredding.set(subjectId, running);
    return running;
  }

  /** Resolves once no shredding this process started for the subject is under way (whatever its outcome). */
  async settled(subjectId: string): Promise<void> {
    await this.shredding.get(subjectId)?.catch(() => undefined);
  }

  /** Subjects whose keys were destroyed without a written proof, for the runner's status. */
  alarm(): string | undefined {
    const alarms = this.states.alarms();
    if (alarms.length === 0) return undefined;
    const named = alarms.slice(0, 10).map((a) => `${a.subjectId} (${a.reason})`);
    return `keys destroyed without a written SubjectDataShredded proof for ${alarms.length} subject(s): ${named.join('; ')}${alarms.length > 10 ? '; …' : ''}`;
  }
}
