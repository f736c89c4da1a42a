import { SubjectState, nextRetentionExpiry, retainedGroups } from '../deciders/subject.decider';
import { KEY_GROUPS } from '../personal/key-groups';
import { toUtcIso } from '../time/instant';

/**
 * When the erasure workflow should next look at a subject: now-ish while an erasure is not yet
 * complete (a sweep re-checks it, should the process have stopped between deciding and
 * acting), the end of the earliest retention once only retained groups are left, never when
 * nothing is pending.
 */
export function erasureDueAt(state: SubjectState): string | undefined {
  const erasure = state.erasure;
  if (!erasure) return undefined;
  const kept = retainedGroups(erasure.retained);
  if (KEY_GROUPS.some((g) => !kept.has(g) && !state.shredded.includes(g))) return erasure.startedAt;
  const expiry = nextRetentionExpiry(state);
  return expiry ? toUtcIso(expiry) : undefined;
}
