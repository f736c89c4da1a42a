import type { AppendResult, RecordedEvent } from '../port/recorded-event';

/** The port's answer for a write, from its events as stored (never as sent: a retry may have stored them). */
export function toAppendResult(streamId: string, stored: readonly RecordedEvent[], duplicate: boolean): AppendResult {
  return {
    streamId,
    events: stored.map(({ id, revision, position }) => ({ id, revision, position })),
    nextExpectedRevision: stored[stored.length - 1].revision,
    duplicate,
  };
}
