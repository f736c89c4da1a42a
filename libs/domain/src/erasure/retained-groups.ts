import type { Retained } from '../catalog/event-data';
import { FOLD_LIMITS } from '../limits/fold-limits';
import { KeyGroup, keyGroupOfCategory } from '../personal/key-groups';
import { byInstant, later } from '../time/instant-order';

/**
 * What an erasure must keep under a legal obligation (PersonalDataErased `retained`), by key
 * group: a group with anything retained survives the erasure and is shredded when the latest
 * `until` of its entries has passed.
 */

/** Key groups that must survive an erasure, with the latest `until` of each. */
export function retainedGroups(retained: readonly Retained[]): Map<KeyGroup, string> {
  const groups = new Map<KeyGroup, string>();
  for (const r of retained) {
    for (const category of r.categories) {
      const group = keyGroupOfCategory(category);
      groups.set(group, later(groups.get(group), r.until)!);
    }
  }
  return groups;
}

/** The earliest moment a retained group that is not yet shredded falls due, if any. */
export function nextRetentionExpiry(retained: readonly Retained[], shredded: readonly KeyGroup[]): string | undefined {
  return [...retainedGroups(retained)]
    .filter(([g]) => !shredded.includes(g))
    .map(([, until]) => until)
    .sort(byInstant)[0];
}

/** Retention entries with new ones added: once each (by content), at most FOLD_LIMITS.erasuresPerSubject. */
export function withRetained(retained: readonly Retained[], added: readonly Retained[]): readonly Retained[] {
  if (added.length === 0) return retained;
  const key = (r: Retained) => JSON.stringify([r.categories, r.until]);
  const known = new Set(retained.map(key));
  const fresh = added.filter((r) => !known.has(key(r)) && known.add(key(r)));
  return fresh.length ? [...retained, ...fresh].slice(0, FOLD_LIMITS.erasuresPerSubject) : retained;
}

/**
 * When a retained group may be shredded: a date (`2032-12-31`) keeps the group to the end of that
 * day (UTC here: the decider knows no controller calendar; never earlier than the end of the day
 * in a member state east of UTC), an instant to that instant.
 */
export const retentionEndsAt = (until: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}T23:59:59.999Z` : new Date(until).toISOString());
