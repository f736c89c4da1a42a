import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_CATALOG, Fact, STREAM_REFERENCE, streamName } from '@ledger/domain';
import { EVENT_STORE, EventStore, IdempotencyConflictError, StreamWrite } from '@ledger/event-store';
import { KEY_VAULT, KeyVault, PreparedSubject, SubjectKeyRequest, UnknownSubjectError } from '@ledger/vault';
import { InvalidInputException, ProblemDetail } from '../common/invalid-input.exception';
import { OperationMetrics } from '../observability/operation-metrics';
import { DetectedBreaches } from './detected-breaches';
import { FactEncoder } from './fact-encoder';
import { RecordFactsCommand, RecordedFact } from './record-facts.command';

/**
 * Records facts: resolves their subjects in the key vault (durably, before the facts that
 * reference them), seals personal parts, and appends all of them in one atomic write. A fact
 * that passed validation is never refused (principle 2), so there is nothing to decide and no
 * decider: it is appended as it is, without an expected revision. Commands whose outcome depends
 * on a stream's state (erasure, shredding) go through the erasure decider with one.
 */
type SubjectToSeal = PreparedSubject & { parts: ReturnType<FactEncoder['partsOf']> };

@CommandHandler(RecordFactsCommand)
export class RecordFactsHandler implements ICommandHandler<RecordFactsCommand, RecordedFact[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    private readonly encoder: FactEncoder,
    private readonly breaches: DetectedBreaches,
    private readonly metrics: OperationMetrics,
  ) {}

  async execute({ facts, recordedBy }: RecordFactsCommand): Promise<RecordedFact[]> {
    // Before the vault is asked for anything: a refused request writes nothing.
    const unknownBreaches = await this.linksToUnknownBreaches(facts);
    if (unknownBreaches.length) throw new InvalidInputException(unknownBreaches);
    const subjects = await this.prepareSubjects(facts);
    const newStreams = new Set<string>();
    const writes: StreamWrite[] = facts.map((fact, i) => {
      const kind = EVENT_CATALOG.get(fact.type)!.stream;
      const subject = subjects[i];
      const streamId = streamName(kind, subject ? subject.subjectId : (fact[STREAM_REFERENCE[kind]] as string));
      const events = [this.encoder.encode(fact, recordedBy, subject)];
      // A subject the vault just created has no stream yet: saying so spares the store a read.
      const isNew = subject?.created === true && !newStreams.has(streamId);
      if (isNew) newStreams.add(streamId);
      return { streamId, events, expectedRevision: isNew ? 'no_stream' : 'any' };
    });
    const start = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
    try {
      const results = await this.store.appendMany(writes);
      this.metrics.appended(results.every((r) => r.duplicate) ? 'duplicate' : 'appended', facts.length, seconds());
      return results.map((r, i) => ({
        id: r.events[0].id,
        stream: r.streamId,
        revision: r.events[0].revision,
        position: r.events[0].position.commit,
        ...(subjects[i] ? { subjectId: subjects[i]!.subjectId } : {}),
        duplicate: r.duplicate,
      }));
    } catch (error) {
      this.metrics.appended('failed', facts.length, seconds());
      if (error instanceof IdempotencyConflictError && facts.length > 1) {
        const index = facts.findIndex((f) => f.id === error.eventId);
        throw Object.assign(error, { index });
      }
      throw error;
    }
  }

  /**
   * A subject's PersonalDataBreached must name a breach whose detection is recorded, or one the
   * same batch detects: otherwise any emitter could attach subjects and categories to a
   * breach of the DPO's, or invent breaches.
   */
  private async linksToUnknownBreaches(facts: readonly Fact[]): Promise<ProblemDetail[]> {
    const detectedHere = new Set(facts.filter((f) => f.type === 'BreachDetected').map((f) => f.breachId));
    const answers = new Map<string, Promise<boolean>>();
    const problems: ProblemDetail[] = [];
    for (const [index, fact] of facts.entries()) {
      if (fact.type !== 'PersonalDataBreached') continue;
      const { breachId } = fact.data;
      if (detectedHere.has(breachId)) continue;
      if (!answers.has(breachId)) answers.set(breachId, this.breaches.isDetected(breachId));
      if (await answers.get(breachId)) continue;
      problems.push({
        ...(facts.length > 1 ? { index } : {}),
        path: 'data.breachId',
        message: 'names no recorded breach: the DPO records BreachDetected on breach-<breachId> first',
      });
    }
    return problems;
  }

  /** Each subject fact's subject, with the keys of the groups its personal parts need, and those parts. */
  private async prepareSubjects(facts: readonly Fact[]): Promise<(SubjectToSeal | undefined)[]> {
    const requests: SubjectKeyRequest[] = [];
    const parts: ReturnType<FactEncoder['partsOf']>[] = [];
    const slots = facts.map((fact) => {
      if (!fact.subject) return -1;
      const ref = fact.subject;
      const factParts = this.encoder.partsOf(fact);
      parts.push(factParts);
      requests.push({
        ...('subjectId' in ref ? { subjectId: ref.subjectId } : { name: { system: ref.system, externalId: ref.externalId } }),
        groups: [...factParts.keys()],
      });
      return requests.length - 1;
    });
    if (requests.length === 0) return facts.map(() => undefined);
    let prepared: PreparedSubject[];
    try {
      prepared = await this.vault.prepare(requests);
    } catch (error) {
      if (error instanceof UnknownSubjectError) {
        const index = facts.findIndex((f) => f.subject && 'subjectId' in f.subject && f.subject.subjectId === error.subjectId);
        throw new InvalidInputException([
          { ...(facts.length > 1 ? { index } : {}), path: 'subject.subjectId', message: 'no subject with this id is known to the ledger' },
        ]);
      }
      throw error;
    }
    return slots.map((slot) => (slot < 0 ? undefined : { ...prepared[slot], parts: parts[slot] }));
  }
}
