import type { CategoryRecord, SubjectProfile } from './subject-profile';
import { keyGroupOfCategory } from '../personal/key-groups';
import { insertByInstant, isAfterInstant, isBeforeInstant } from '../time/instant-order';

/**
 * Where a category stands, per system and key group (Art. 17, 5(1)(b)):
 * - held, erased or retained (kept under a legal obligation after erasure) in each system that
 *   collected it, and until when a retained key group stays readable;
 * - a subject who comes back and gives the data again (collected from the data subject or a
 *   third party after the erasure) is held again: processing from then on is no processing
 *   after erasure; processing between the erasure and that collection is;
 * - retained data used for a purpose other than the legal obligation it was kept for is a finding.
 */
export type CategoryStatus = 'held' | 'erased' | 'retained';

/** One processing fact of a category, as the status reads it. */
export interface CategoryProcessing {
  at: string;
  purpose: string;
  /** A new collection from the data subject or a third party: the data is given again. */
  fresh: boolean;
  system?: string;
  eventId: string;
}

/** Processing facts kept per category: the latest, which decide what happened after the last erasure. */
export const PROCESSING_KEPT_PER_CATEGORY = 8;

export function noteCategoryProcessing(c: CategoryRecord, p: CategoryProcessing): void {
  insertByInstant(c.processing ?? (c.processing = []), p, PROCESSING_KEPT_PER_CATEGORY, sameProcessing, (old) => {
    // A fact leaving the window is judged now; one that broke a rule is remembered, so it does not go silent.
    // A new collection that leaves the window still says the data was given again.
    if (old.fresh) insertByInstant(c.freshCollections ?? (c.freshCollections = []), old, PROCESSING_KEPT_PER_CATEGORY, sameProcessing);
    if (c.erasedAt === undefined || !isAfterInstant(old.at, c.erasedAt)) return;
    const probe = { ...c, processing: [old], pastViolations: undefined };
    const afterErasure = processingAfterErasure(probe)[0];
    const misuse = retainedDataMisuse(probe)[0];
    if (afterErasure || misuse) c.pastViolations = { ...c.pastViolations, ...(afterErasure ? { afterErasure } : {}), ...(misuse ? { misuse } : {}) };
  });
}

const sameProcessing = (a: CategoryProcessing, b: CategoryProcessing): boolean => a.purpose === b.purpose && a.fresh === b.fresh && a.system === b.system;

/** The first new collection after the latest erasure: the category is held again from then. */
export const heldAgainAt = (c: CategoryRecord): string | undefined =>
  c.erasedAt === undefined ? undefined : freshOf(c).find((x) => isAfterInstant(x.at, c.erasedAt!))?.at;

/** The new collections known, in time order: those in the window and those that left it. */
const freshOf = (c: CategoryRecord): CategoryProcessing[] => [...(c.freshCollections ?? []), ...(c.processing ?? []).filter((x) => x.fresh)];

export const categoryStatus = (c: CategoryRecord): CategoryStatus =>
  heldAgainAt(c) !== undefined ? 'held' : c.retained ? 'retained' : c.erasedAt ? 'erased' : 'held';

/** Processing after the latest erasure and before the data was given again: of a category erased (not retained). */
export function processingAfterErasure(c: CategoryRecord): CategoryProcessing[] {
  const past = c.pastViolations?.afterErasure ? [c.pastViolations.afterErasure] : [];
  if (c.erasedAt === undefined || c.retained) return past;
  const again = heldAgainAt(c);
  return [...past, ...(c.processing ?? []).filter((x) => isAfterInstant(x.at, c.erasedAt!) && (again === undefined || isBeforeInstant(x.at, again)))];
}

/** Processing of retained data after its erasure for a purpose it was not kept for (a legal-obligation purpose of its collection). */
export function retainedDataMisuse(c: CategoryRecord): CategoryProcessing[] {
  const past = c.pastViolations?.misuse ? [c.pastViolations.misuse] : [];
  if (c.erasedAt === undefined || !c.retained) return past;
  const again = heldAgainAt(c);
  return [
    ...past,
    ...(c.processing ?? []).filter(
      (x) => isAfterInstant(x.at, c.erasedAt!) && (again === undefined || isBeforeInstant(x.at, again)) && !c.obligationPurposes?.has(x.purpose),
    ),
  ];
}

export interface SystemStatus {
  system: string;
  status: CategoryStatus;
  erasedAt?: string;
  retainedUntil?: string;
  /** The key group the category's personal values are sealed in. */
  keyGroup: string;
  /** Retained: until when its key group stays readable (shredded then, or already). */
  readableUntil?: string;
}

/** Per system that collected the category: held, erased or retained, and how long a retained group stays readable. */
export function systemStatuses(p: Pick<SubjectProfile, 'shredded'>, category: string, c: CategoryRecord): SystemStatus[] {
  const keyGroup = keyGroupOfCategory(category);
  const shred = p.shredded.find((s) => s.groups.includes(keyGroup));
  return [...c.systems].sort().map((system) => {
    const erasedAt = c.erasedBy?.get(system);
    const retained = c.retainedBy?.get(system);
    const again = erasedAt !== undefined && freshOf(c).some((x) => x.system === system && isAfterInstant(x.at, erasedAt));
    const status: CategoryStatus = again ? 'held' : retained ? 'retained' : erasedAt ? 'erased' : 'held';
    return {
      system,
      status,
      keyGroup,
      ...(erasedAt ? { erasedAt } : {}),
      ...(status === 'retained' && retained ? { retainedUntil: retained.until, readableUntil: shred?.at ?? retained.until } : {}),
    };
  });
}
