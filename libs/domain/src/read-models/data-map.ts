import { isInEea } from '../geo/countries';
import type { OverLimit } from '../limits/fold-limits';
import type { CategoryRecord, SubjectProfile } from './subject-profile';
import { CategoryStatus, SystemStatus, categoryStatus, systemStatuses } from './category-status';

export type { CategoryStatus, SystemStatus } from './category-status';

export interface DataMapRecipient {
  recipientId: string;
  name?: string;
  role?: string;
  country?: string;
  safeguard?: string;
  outsideEea?: boolean;
}

export interface DataMapEntry {
  category: string;
  status: CategoryStatus;
  purposes: string[];
  legalBases: string[];
  sources: string[];
  systems: string[];
  recipients: DataMapRecipient[];
  /** When the data must be gone: the retention given on collection, or the end of a legal retention after erasure. */
  retentionUntil?: string;
  retainedUnder?: string;
  erasedAt?: string;
  /** Per system that collected it: held, erased or retained, and until when a retained key group is readable. */
  bySystem: SystemStatus[];
  breaches: string[];
}

export interface DataMap {
  subjectId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  categories: DataMapEntry[];
  shredded: { groups: string[]; at: string; reason: string }[];
  /** Present when the subject's facts went beyond a limit of the ledger (FOLD_LIMITS): how many items were left out, per limit. */
  overLimit?: OverLimit;
}

export interface RecipientLookup {
  (recipientId: string): { name?: string; role?: string; country?: string; safeguard?: string } | undefined;
}

/** The DPO's view of what is held on a subject, per category. Retention of the account comes with the findings. */
export function dataMap(p: SubjectProfile, recipients: RecipientLookup): DataMap {
  const categories = [...p.categories].sort(([a], [b]) => a.localeCompare(b)).map(([category, c]) => entry(p, category, c, recipients));
  return {
    subjectId: p.subjectId,
    firstSeenAt: p.firstSeenAt,
    lastSeenAt: p.lastSeenAt,
    categories,
    shredded: p.shredded,
    ...(Object.keys(p.overLimit).length ? { overLimit: { ...p.overLimit } } : {}),
  };
}

function entry(p: SubjectProfile, category: string, c: CategoryRecord, lookup: RecipientLookup): DataMapEntry {
  // Given again after an erasure (a returning customer): held again (category-status.ts).
  const status: CategoryStatus = categoryStatus(c);
  return {
    category,
    status,
    purposes: [...c.purposes].sort(),
    legalBases: [...c.legalBases].sort(),
    sources: [...c.sources].sort(),
    systems: [...c.systems].sort(),
    recipients: [...c.recipients].sort().map((recipientId) => {
      const registered = lookup(recipientId);
      const transfer = p.recipients.get(recipientId)?.currentTransfer;
      const country = transfer?.country ?? registered?.country;
      const safeguard = transfer?.safeguard ?? registered?.safeguard;
      return {
        recipientId,
        ...(registered?.name ? { name: registered.name } : {}),
        ...(registered?.role ? { role: registered.role } : {}),
        ...(country ? { country, outsideEea: !isInEea(country) } : {}),
        ...(safeguard ? { safeguard } : {}),
      };
    }),
    ...(c.retained
      ? { retentionUntil: c.retained.until, retainedUnder: c.retained.legalGround }
      : c.retentionUntil && !c.erasedAt
        ? { retentionUntil: c.retentionUntil }
        : {}),
    ...(c.erasedAt ? { erasedAt: c.erasedAt } : {}),
    bySystem: systemStatuses(p, category, c),
    breaches: [...c.breaches].sort(),
  };
}
