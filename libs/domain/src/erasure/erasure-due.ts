import { KEY_GROUPS } from '../personal/key-groups';
import { ErasureState } from './erasure.decider';
import { openEpisode } from './erasure-notices';
import { nextRetentionExpiry, retainedGroups, retentionEndsAt } from './retained-groups';

/**
 * When the erasure workflow should next look at a subject: at once while an erasure is under
 * way and keys are left to shred (a sweep re-checks it, should the process have stopped between
 * deciding and acting), at the end of the earliest retention once only retained groups are
 * left, never when nothing is pending.
 */
export function erasureDueAt(state: ErasureState): string | undefined {
  const episode = openEpisode(state.notices);
  const kept = retainedGroups(state.retained);
  if (episode && KEY_GROUPS.some((g) => !kept.has(g) && !state.shredded.includes(g))) return episode.startedAt;
  const expiry = nextRetentionExpiry(state.retained, state.shredded);
  return expiry ? retentionEndsAt(expiry) : undefined;
}
