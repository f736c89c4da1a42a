import { jsonEvent } from '@eventstore/db-client';
import type { EventData } from '@eventstore/db-client';
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../chain/canonical-json';
import type { NewEvent } from '../port/recorded-event';
import { retryMetadata } from '../port/retry-content';

/**
 * Idempotency by event id on a store that cannot look an event up by its id.
 *
 * Every event id gets a claim stream, `ledger-claim-<id>`, created with expected revision
 * no_stream: the server lets exactly one writer create it, so an id is bound once, for good, to
 * one write (its stream, and the digest of all its events' ids, types, data and metadata, in
 * order) at one index. A later append that reuses the id for anything else is an
 * IdempotencyConflictError; the same append again is a retry.
 *
 * The first event's claim also reserves the write's place: the stream revision it expects
 * (`expected`). The events are appended with exactly that expected revision, so they can only
 * ever land right after it, and a retry knows where to look: it reads the stream at
 * expected + 1 and finds them (a duplicate) or not. Two attempts of the same write racing each
 * other append the same event ids at the same expected revision, and EventStoreDB's own
 * idempotency check for exact expected revisions acknowledges the second without writing.
 * A reservation moves (an append to the claim stream at its current revision, so again one
 * writer wins) only after the stream has been seen to hold other events at the reserved place,
 * which a stream never gives back; so a write lands at most once.
 *
 * Limits: claims are separate writes (EventStoreDB has no multi-stream transaction), made
 * before the events. An append that fails after claiming (a conflict on a later event's id, or
 * a lost race for an exact expected revision) leaves its claims: those ids stay bound to that
 * write although nothing was stored, and only the same write can use them. A retry must repeat
 * the whole append (the same events in the same order); a part of it is a conflict, where the
 * SQLite store would accept it. Claims cost one extra small event per event, and they are not
 * part of any hash chain. Their event type starts with $, so readAll and subscriptions skip them.
 */
export const CLAIM_STREAM_PREFIX = 'ledger-claim-';
export const CLAIM_EVENT_TYPE = '$ledger-claim';

export const claimStreamOf = (eventId: string): string => `${CLAIM_STREAM_PREFIX}${eventId}`;

export type Claim = {
  /** The stream the write goes to. */
  readonly stream: string;
  /** Digest of the whole write (see writeDigest). */
  readonly write: string;
  /** The event's place in the write. */
  readonly index: number;
  /** The stream revision the write goes after (-1: a new stream). Kept current on the first event's claim only. */
  readonly expected: number;
};

/** Identifies a write by everything a retry must repeat (not its sender: see retry-content.ts). */
export function writeDigest(streamId: string, events: readonly NewEvent[]): string {
  const write = {
    stream: streamId,
    events: events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: retryMetadata(e.metadata) })),
  };
  return createHash('sha256').update(canonicalJson(write)).digest('hex');
}

export function claimsFor(streamId: string, events: readonly NewEvent[], expected: number): Claim[] {
  const write = writeDigest(streamId, events);
  return events.map((_, index) => ({ stream: streamId, write, index, expected }));
}

type ClaimKey = Pick<Claim, 'stream' | 'write' | 'index'>;

/** Whether two claims are for the same event of the same write (wherever it was reserved). */
export const isSameWrite = (a: ClaimKey, b: ClaimKey): boolean => a.stream === b.stream && a.write === b.write && a.index === b.index;

export const movedTo = (claim: Claim, expected: number): Claim => ({ ...claim, expected });

export function claimEventData(claim: Claim): EventData {
  return jsonEvent({ id: randomUUID(), type: CLAIM_EVENT_TYPE, data: { ...claim } });
}

export function parseClaim(data: unknown, where: string): Claim {
  const { stream, write, index, expected } = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (typeof stream !== 'string' || typeof write !== 'string' || !isInteger(index) || !isInteger(expected)) {
    throw new Error(`${where} is not an idempotency claim`);
  }
  return { stream, write, index, expected };
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
