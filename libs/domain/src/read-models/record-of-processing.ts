import type { ProcessingActivityDeclared, Transfer } from '../catalog/event-data';
import type { ControllerProfile } from '../controller/controller-profile';
import { isInEea } from '../geo/countries';

export interface ObservedProcessingRow {
  purpose: string;
  legalBasis: string;
  system: string;
  recipientId: string;
  category: string;
  country: string;
  safeguard: string;
  firstAt: string;
  lastAt: string;
  events: number;
}

export interface RegisteredRecipient {
  recipientId: string;
  name?: string;
  role?: string;
  country?: string;
  safeguard?: string;
}

export interface RecordEntry {
  activityId: string;
  name: string;
  declaredAt: string;
  /** Art. 30(1)(b) */
  purposes: string[];
  legalBasis: string;
  /** Art. 30(1)(c) */
  subjectCategories: string[];
  dataCategories: string[];
  /** Art. 30(1)(d): recipients, with their country */
  recipients: (RegisteredRecipient & { outsideEea?: boolean })[];
  /** Art. 30(1)(e) */
  transfers: (Transfer & { recipientId?: string })[];
  /** Art. 30(1)(f) */
  retention: string;
  /** Art. 30(1)(g) */
  securityMeasures: string;
  systems: string[];
  /** What the ledger saw under these purposes that the declaration does not list. */
  observedBeyondDeclaration: { categories: string[]; recipients: string[] };
}

export interface UndeclaredProcessing {
  purpose: string;
  legalBases: string[];
  systems: string[];
  recipients: string[];
  categories: string[];
  firstAt: string;
  lastAt: string;
  events: number;
  flag: string;
}

export interface RecordOfProcessing {
  /** Art. 30(1)(a): controller, representative and DPO. */
  controller: ControllerProfile | null;
  generatedAt: string;
  activities: RecordEntry[];
  undeclaredProcessing: UndeclaredProcessing[];
}

const uniq = (values: Iterable<string>) => [...new Set([...values].filter(Boolean))].sort();

/**
 * The Art. 30(1) record from the declared activities and the recipient register, set against
 * the processing the ledger observed: what no declared activity covers is flagged.
 */
export function recordOfProcessing(input: {
  controller: ControllerProfile | null;
  now: Date;
  activities: { activityId: string; declaredAt: string; declaration: ProcessingActivityDeclared }[];
  recipients: RegisteredRecipient[];
  observed: ObservedProcessingRow[];
}): RecordOfProcessing {
  const register = new Map(input.recipients.map((r) => [r.recipientId, r]));
  const declaredPurposes = new Set(input.activities.flatMap((a) => a.declaration.purposes));
  // Observed rows by purpose, once: each activity then reads only its own purposes' rows.
  const observedByPurpose = new Map<string, ObservedProcessingRow[]>();
  for (const o of input.observed) {
    const rows = observedByPurpose.get(o.purpose);
    if (rows) rows.push(o);
    else observedByPurpose.set(o.purpose, [o]);
  }
  const activities = input.activities.map(({ activityId, declaredAt, declaration: d }): RecordEntry => {
    const observed = uniq(d.purposes).flatMap((purpose) => observedByPurpose.get(purpose) ?? []);
    const recipientIds = uniq([...(d.recipientIds ?? [])]);
    const declaredRecipients = new Set(recipientIds);
    const observedRecipients = uniq(observed.map((o) => o.recipientId));
    const declaredCategories = new Set(d.categories);
    const transfers = new Map<string, RecordEntry['transfers'][number]>();
    for (const t of [
      ...(d.transfers ?? []),
      ...observed.filter((o) => o.country && !isInEea(o.country)).map((o) => ({ country: o.country, safeguard: o.safeguard as Transfer['safeguard'], recipientId: o.recipientId })),
    ] as RecordEntry['transfers']) {
      const key = JSON.stringify([t.country, t.safeguard, t.recipientId]);
      if (!transfers.has(key)) transfers.set(key, t);
    }
    return {
      activityId,
      name: d.name,
      declaredAt,
      purposes: d.purposes,
      legalBasis: d.legalBasis,
      subjectCategories: d.subjectCategories,
      dataCategories: d.categories,
      recipients: recipientIds.map((id) => {
        const r = register.get(id) ?? { recipientId: id };
        return { ...r, ...(r.country ? { outsideEea: !isInEea(r.country) } : {}) };
      }),
      transfers: [...transfers.values()],
      retention: d.retention,
      securityMeasures: d.securityMeasures,
      systems: d.systems ?? [],
      observedBeyondDeclaration: {
        categories: uniq(observed.map((o) => o.category).filter((c) => !declaredCategories.has(c))),
        recipients: observedRecipients.filter((r) => !declaredRecipients.has(r)),
      },
    };
  });
  const undeclared = new Map<string, ObservedProcessingRow[]>();
  for (const o of input.observed) {
    if (declaredPurposes.has(o.purpose)) continue;
    const rows = undeclared.get(o.purpose);
    if (rows) rows.push(o);
    else undeclared.set(o.purpose, [o]);
  }
  return {
    controller: input.controller,
    generatedAt: input.now.toISOString(),
    activities,
    undeclaredProcessing: [...undeclared].map(([purpose, rows]) => ({
      purpose,
      legalBases: uniq(rows.map((r) => r.legalBasis)),
      systems: uniq(rows.map((r) => r.system)),
      recipients: uniq(rows.map((r) => r.recipientId)),
      categories: uniq(rows.map((r) => r.category)),
      firstAt: rows.reduce((min, r) => (r.firstAt < min ? r.firstAt : min), rows[0].firstAt),
      lastAt: rows.reduce((max, r) => (r.lastAt > max ? r.lastAt : max), rows[0].lastAt),
      events: rows.reduce((n, r) => n + r.events, 0),
      flag: 'processing observed for a purpose no declared activity covers',
    })),
  };
}
