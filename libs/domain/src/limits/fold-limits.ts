/**
 * Bounds on what one subject's or one breach's read model keeps, so that no emitter can make a
 * fold step, a stored profile or a summary grow without end. Each is far above what a real
 * subject or breach has (fideslang has fewer than 100 user categories); what goes beyond one is
 * not tracked one by one but counted in the read model's `overLimit`.
 */
export const FOLD_LIMITS = {
  /** Distinct categories per subject. */
  categoriesPerSubject: 512,
  /** Per category of a subject: distinct purposes, systems, recipients and breaches, each. */
  labelsPerCategory: 64,
  /** Distinct purposes per subject (processing, consents and objections, each). */
  purposesPerSubject: 256,
  /** Distinct recipients per subject (shares and erasure notices, each). */
  recipientsPerSubject: 128,
  /** Distinct systems per subject. */
  systemsPerSubject: 256,
  /** Distinct data-subject requests per subject. */
  requestsPerSubject: 512,
  /**
   * Erasures (PersonalDataErased) and their retention entries per subject, and erasure episodes
   * (erasure/erasure-notices.ts). With the recipients' bound it caps the Art. 19 check.
   */
  erasuresPerSubject: 64,
  /** Erasure notices that name a request no erasure of the subject holds yet (recipient and request, each pair once). */
  erasureNoticesPending: 256,
  /** Rectifications and restrictions, and notices of them, kept for Art. 19 (erasure/change-notices.ts). */
  changesPerSubject: 256,
  /** Breaches a subject is linked to. */
  breachesPerSubject: 256,
  /** Distinct (country, safeguard) transfers per recipient of a subject. */
  transfersPerRecipient: 32,
  /** Distinct categories the subject links of one breach add up to. */
  linkedCategoriesPerBreach: 512,
} as const;

export type FoldLimit = keyof typeof FOLD_LIMITS;

/** What did not fit, per limit: how many distinct items were left out. */
export type OverLimit = Partial<Record<FoldLimit, number>>;

/** Counts one item left out under `limit`. */
export function countOverLimit(over: OverLimit, limit: FoldLimit): void {
  over[limit] = (over[limit] ?? 0) + 1;
}

/**
 * Adds `value` to `set` unless it is there already or the set is full (then counted in `over`).
 * O(1): the reason folds keep Sets rather than arrays.
 */
export function addBounded<T>(set: Set<T>, value: T, limit: FoldLimit, over: OverLimit): void {
  if (set.has(value)) return;
  if (set.size >= FOLD_LIMITS[limit]) return countOverLimit(over, limit);
  set.add(value);
}

/**
 * `set` with `items` added, within `limit` (what does not fit is counted in `over`, if given):
 * the same set when nothing is new, so a copy-on-write fold step that adds nothing copies nothing.
 */
export function withBounded<T>(set: ReadonlySet<T>, items: Iterable<T>, limit: FoldLimit, over?: OverLimit): ReadonlySet<T> {
  let next: Set<T> | undefined;
  for (const item of items) {
    if ((next ?? set).has(item)) continue;
    if ((next ?? set).size >= FOLD_LIMITS[limit]) {
      if (over) countOverLimit(over, limit);
      continue;
    }
    (next ??= new Set(set)).add(item);
  }
  return next ?? set;
}

/** The entry of `map` at `key`, made by `create` if absent and there is room; undefined when full. */
export function entryBounded<K, V>(map: Map<K, V>, key: K, limit: FoldLimit, over: OverLimit, create: () => V): V | undefined {
  const known = map.get(key);
  if (known !== undefined) return known;
  if (map.size >= FOLD_LIMITS[limit]) {
    countOverLimit(over, limit);
    return undefined;
  }
  const made = create();
  map.set(key, made);
  return made;
}

/** Ingestion: categories under the custom prefix one fact may name (a 400 beyond). */
export const CUSTOM_CATEGORIES_PER_FACT = 32;
