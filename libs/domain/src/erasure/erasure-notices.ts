import type { NewFact, SubjectEventType } from '../catalog/event-data';
import type { ErasureRequestGround } from '../catalog/vocabulary';
import { erasureNoticeDueAt } from '../deadlines/erasure-notice-deadline';
import { FOLD_LIMITS, OverLimit, countOverLimit, withBounded } from '../limits/fold-limits';
import { earlier, isAfterInstant } from '../time/instant-order';
import { coveringKeys } from '../categories/category-keys';

/**
 * Art. 19 in one place: which recipients must be told of a subject's erasure, since when, and
 * whether they were. The erasure decider (whether the keys may be shredded) and the findings
 * (`erasure-not-propagated`) both fold a subject's facts with `evolveErasureNotices` and ask
 * `recipientsOwedNotice`, so they cannot disagree.
 *
 * The rule. Erasures come in *episodes*: one begins when an erasure request is received
 * (SubjectRequestReceived, right `erasure`) or, without one, at the first PersonalDataErased,
 * and it lasts until the ledger shreds the keys (SubjectDataShredded, reason `erasure`). Every
 * erasure request received and every erasure recorded while it lasts belong to it, and so do
 * erasures that name one of its requests. A recipient must be told of an episode when it
 * received (PersonalDataSharedWithProcessor) a category one of its erasures erased, by prefix:
 * erasing `user.contact` covers a recipient that received `user.contact.email`, and erasing
 * `user.contact.email` concerns one that received all of `user.contact` — since the earliest
 * such erasure, within a month (deadlines/erasure-notice-deadline.ts, an internal target).
 *
 * Art. 19 excuses a notice that "proves impossible or involves disproportionate effort": a
 * RecipientNotificationExempted (change `erasure`) counts as the notice — it releases the
 * shredding and closes the duty — and the notice says it was exempted.
 *
 * A notice (RecipientNotifiedOfErasure) counts for the erasure it follows or precedes within
 * the same request:
 * - a notice that names a request belongs to that request's episode, recorded before the
 *   request or the erasure or after them (a notice naming a request the ledger does not know
 *   yet waits for it; one naming another request does not count);
 * - a notice without a request belongs to the episode it is recorded in; recorded when none is
 *   under way (before the request, or after the shredding), it counts for none.
 * "Recorded in" is log order; deadlines are measured in business time (occurredAt). A notice
 * names a recipient, not categories: it covers all the recipient received.
 *
 * When the keys are shredded the episode is over and what it owed is fixed: data shared after
 * that is processing after erasure (its own finding), not a new duty of a shredded episode.
 */

/** One recipient an episode must tell. */
export interface RecipientNotice {
  recipientId: string;
  /** The erased categories it received. */
  categories: string[];
  /** The earliest erasure of those categories in the episode: the duty runs from here. */
  since: string;
  /** The system that made that erasure. */
  system: string;
  dueAt: string;
  /** The earliest notice that counts for the episode, if any. */
  toldAt?: string;
  /** The recipient was not told: an Art. 19 exemption (impossible, disproportionate effort) was recorded. */
  exempted?: true;
}

export interface ErasureEpisode {
  /** The receipt of its first request, or its first erasure. */
  startedAt: string;
  /** Its requests, the first first: erasure requests received while it lasted, and requests its erasures name. */
  requestIds: ReadonlySet<string>;
  /** The Art. 17(1) ground of the first of its requests that gave one. */
  ground?: ErasureRequestGround;
  /** Systems that reported PersonalDataErased in it. */
  erasedBy: ReadonlySet<string>;
  /** Each category its erasures erased, with the earliest erasure of it. */
  erased: ReadonlyMap<string, { at: string; system: string }>;
  /** Recipient → the earliest notice (or exemption) that counts for the episode. */
  told: ReadonlyMap<string, string>;
  /** Recipients an Art. 19 exemption excused, with its time. */
  exempted?: ReadonlyMap<string, string>;
  /** When the keys were shredded: the episode is over. */
  closedAt?: string;
  /** What it owed when it closed. */
  owed?: readonly RecipientNotice[];
}

export interface ErasureNotices {
  /** Oldest first; only the last may be open. At most FOLD_LIMITS.erasuresPerSubject. */
  episodes: readonly ErasureEpisode[];
  /** Notices naming a request no episode holds yet: request → recipient → earliest notice. */
  pending: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** What a recipient received: recipient → categories (the decider's and the profile's own record of shares). */
export type ReceivedCategories = Iterable<readonly [recipientId: string, categories: ReadonlySet<string>]>;

/** The facts this fold reads. */
export type ErasureNoticeFact = NewFact<
  'SubjectRequestReceived' | 'PersonalDataErased' | 'RecipientNotifiedOfErasure' | 'RecipientNotificationExempted' | 'SubjectDataShredded'
>;

const NOTICE_TYPES: ReadonlySet<SubjectEventType> = new Set([
  'SubjectRequestReceived',
  'PersonalDataErased',
  'RecipientNotifiedOfErasure',
  'RecipientNotificationExempted',
  'SubjectDataShredded',
]);

export const isErasureNoticeFact = (event: NewFact): event is ErasureNoticeFact => NOTICE_TYPES.has(event.type as SubjectEventType);

export const noErasureNotices = (): ErasureNotices => ({ episodes: [], pending: new Map() });

/** The episode under way, if any. */
export const openEpisode = (notices: ErasureNotices): ErasureEpisode | undefined => {
  const last = notices.episodes.at(-1);
  return last && !last.closedAt ? last : undefined;
};

/** The episode that holds `requestId`, if any. */
export const episodeOfRequest = (notices: ErasureNotices, requestId: string): ErasureEpisode | undefined =>
  notices.episodes.find((e) => e.requestIds.has(requestId));

/**
 * Art. 19 for one episode: each recipient that received a category the episode erased, since
 * when it must be told and whether it was. An episode that is over answers what it owed when
 * it closed. O(recipients × the smaller of their categories and the erased ones).
 */
export function recipientsOwedNotice(episode: ErasureEpisode, received: ReceivedCategories): RecipientNotice[] {
  if (episode.owed) return [...episode.owed];
  const owed: RecipientNotice[] = [];
  for (const [recipientId, categories] of received) {
    const affected = affectedCategories(categories, episode.erased);
    if (affected.size === 0) continue;
    const erased = [...affected.keys()].sort();
    // The earliest erasure of what it received; the first such category names its system.
    const first = erased.map((c) => affected.get(c)!).reduce((a, b) => (isAfterInstant(a.at, b.at) ? b : a));
    const toldAt = episode.told.get(recipientId);
    const exempted = episode.exempted?.has(recipientId);
    owed.push({
      recipientId,
      categories: erased,
      since: first.at,
      system: first.system,
      dueAt: erasureNoticeDueAt(first.at),
      ...(toldAt ? { toldAt } : {}),
      ...(exempted ? { exempted: true as const } : {}),
    });
  }
  return owed.sort((a, b) => a.recipientId.localeCompare(b.recipientId));
}

/**
 * The received categories a change concerns, by prefix either way, each with the earliest
 * change that concerns it: a received key under a changed one (`user.contact` changed,
 * `user.contact.email` received), or above it (`user.contact.email` changed, `user.contact`
 * received). O((received + changed) × key depth).
 */
export function affectedCategories<T extends { at: string }>(received: ReadonlySet<string>, changed: ReadonlyMap<string, T>): Map<string, T> {
  const out = new Map<string, T>();
  const note = (category: string, change: T) => {
    const known = out.get(category);
    if (!known || isAfterInstant(known.at, change.at)) out.set(category, change);
  };
  for (const category of received) {
    for (const key of coveringKeys(category)) {
      const change = changed.get(key);
      if (change) note(category, change);
    }
  }
  for (const [key, change] of changed) {
    for (const broader of coveringKeys(key)) if (broader !== key && received.has(broader)) note(broader, change);
  }
  return out;
}

/** The recipients that must still be told of the erasure under way (none when none is). */
export function recipientsAwaitingNotice(notices: ErasureNotices, received: ReceivedCategories): RecipientNotice[] {
  const episode = openEpisode(notices);
  return episode ? recipientsOwedNotice(episode, received).filter((n) => n.toldAt === undefined) : [];
}

/** `told` with a notice at `at`, keeping the earliest per recipient, within the recipients' bound. */
function withNotice(told: ReadonlyMap<string, string>, recipientId: string, at: string, over?: OverLimit): ReadonlyMap<string, string> {
  const known = told.get(recipientId);
  if (known !== undefined && !isAfterInstant(known, at)) return told;
  if (known === undefined && told.size >= FOLD_LIMITS.recipientsPerSubject) {
    if (over) countOverLimit(over, 'recipientsPerSubject');
    return told;
  }
  return new Map(told).set(recipientId, at);
}

const pendingCount = (pending: ErasureNotices['pending']): number => [...pending.values()].reduce((n, told) => n + told.size, 0);

/** The episode with `requestId` joined, and the notices that waited for it counted. */
function withRequest(
  episode: ErasureEpisode,
  requestId: string,
  notices: ErasureNotices,
  over?: OverLimit,
): { episode: ErasureEpisode; pending: ErasureNotices['pending'] } {
  const requestIds = withBounded(episode.requestIds, [requestId], 'requestsPerSubject', over);
  const waiting = notices.pending.get(requestId);
  if (!waiting) return { episode: requestIds === episode.requestIds ? episode : { ...episode, requestIds }, pending: notices.pending };
  let told = episode.told;
  for (const [recipientId, at] of waiting) told = withNotice(told, recipientId, at, over);
  const pending = new Map(notices.pending);
  pending.delete(requestId);
  return { episode: { ...episode, requestIds, told }, pending };
}

const newEpisode = (startedAt: string): ErasureEpisode => ({
  startedAt,
  requestIds: new Set(),
  erasedBy: new Set(),
  erased: new Map(),
  told: new Map(),
});

/** `notices` with the episode at `index` (or a new one at the end) replaced. */
function replaced(notices: ErasureNotices, index: number, episode: ErasureEpisode, pending = notices.pending): ErasureNotices {
  const episodes = [...notices.episodes];
  episodes[index] = episode;
  return { episodes, pending };
}

/**
 * Folds one of a subject's facts into its erasure episodes. Pure and copy-on-write: unchanged
 * parts are shared, so the decider may keep states apart. `received` is what recipients held
 * before this fact (read when an episode closes); `over` counts what the bounds left out.
 */
export function evolveErasureNotices(notices: ErasureNotices, event: NewFact, received: () => ReceivedCategories, over?: OverLimit): ErasureNotices {
  if (!isErasureNoticeFact(event)) return notices;
  const open = openEpisode(notices);
  const openIndex = notices.episodes.length - 1;
  const canOpen = notices.episodes.length < FOLD_LIMITS.erasuresPerSubject;
  switch (event.type) {
    case 'SubjectRequestReceived': {
      const { requestId, right, ground } = event.data;
      if (right !== 'erasure' || episodeOfRequest(notices, requestId)) return notices;
      if (!open && !canOpen) {
        if (over) countOverLimit(over, 'erasuresPerSubject');
        return notices;
      }
      const base = open ?? newEpisode(event.occurredAt);
      const joined = withRequest(base, requestId, notices, over);
      const episode = ground && !joined.episode.ground ? { ...joined.episode, ground } : joined.episode;
      return replaced(notices, open ? openIndex : notices.episodes.length, episode, joined.pending);
    }
    case 'PersonalDataErased': {
      const { requestId, system, categories } = event.data;
      const owner = requestId === undefined ? undefined : episodeOfRequest(notices, requestId);
      const index = owner ? notices.episodes.indexOf(owner) : open ? openIndex : notices.episodes.length;
      if (index === notices.episodes.length && !canOpen) {
        if (over) countOverLimit(over, 'erasuresPerSubject');
        return notices;
      }
      let pending = notices.pending;
      let episode = notices.episodes[index] ?? newEpisode(event.occurredAt);
      if (requestId !== undefined && !owner) ({ episode, pending } = withRequest(episode, requestId, notices, over));
      let erased: Map<string, { at: string; system: string }> | undefined;
      for (const category of categories) {
        const known = (erased ?? episode.erased).get(category);
        if (known && !isAfterInstant(known.at, event.occurredAt)) continue;
        if (!known && (erased ?? episode.erased).size >= FOLD_LIMITS.categoriesPerSubject) {
          if (over) countOverLimit(over, 'categoriesPerSubject');
          continue;
        }
        erased ??= new Map(episode.erased);
        erased.set(category, { at: event.occurredAt, system });
      }
      const erasedBy = withBounded(episode.erasedBy, [system], 'systemsPerSubject', over);
      return replaced(notices, index, { ...episode, erased: erased ?? episode.erased, erasedBy }, pending);
    }
    case 'RecipientNotificationExempted': {
      const { recipientId, requestId, change } = event.data;
      if (change !== 'erasure') return notices;
      // Counts where a notice would; one naming a request the ledger does not know yet counts for none.
      const owner = requestId === undefined ? open : episodeOfRequest(notices, requestId);
      if (!owner) return notices;
      const at = event.occurredAt;
      const told = withNotice(owner.told, recipientId, at, over);
      const exempted = withNotice(owner.exempted ?? new Map(), recipientId, at, over);
      const owed = owner.owed?.map((n) => (n.recipientId === recipientId ? { ...n, toldAt: earlier(n.toldAt, at)!, exempted: true as const } : n));
      return replaced(notices, notices.episodes.indexOf(owner), { ...owner, told, exempted, ...(owed ? { owed } : {}) });
    }
    case 'RecipientNotifiedOfErasure': {
      const { recipientId, requestId } = event.data;
      const at = event.occurredAt;
      if (requestId === undefined) {
        return open ? replaced(notices, openIndex, { ...open, told: withNotice(open.told, recipientId, at, over) }) : notices;
      }
      const owner = episodeOfRequest(notices, requestId);
      if (owner) {
        const told = withNotice(owner.told, recipientId, at, over);
        if (told === owner.told) return notices;
        // An episode that is over learns of a notice that came late: what it owed is fixed, but not who was told.
        const owed = owner.owed?.map((n) => (n.recipientId === recipientId ? { ...n, toldAt: earlier(n.toldAt, at)! } : n));
        return replaced(notices, notices.episodes.indexOf(owner), { ...owner, told, ...(owed ? { owed } : {}) });
      }
      const waiting = notices.pending.get(requestId) ?? new Map<string, string>();
      if (!waiting.has(recipientId) && pendingCount(notices.pending) >= FOLD_LIMITS.erasureNoticesPending) {
        if (over) countOverLimit(over, 'erasureNoticesPending');
        return notices;
      }
      const told = withNotice(waiting, recipientId, at);
      return told === waiting ? notices : { episodes: notices.episodes, pending: new Map(notices.pending).set(requestId, told) };
    }
    case 'SubjectDataShredded': {
      if (event.data.reason !== 'erasure' || !open) return notices;
      return replaced(notices, openIndex, { ...open, closedAt: event.occurredAt, owed: recipientsOwedNotice(open, received()) });
    }
  }
}
