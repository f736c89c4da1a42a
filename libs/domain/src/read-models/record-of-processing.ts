import type { ProcessingActivityDeclared, Transfer } from '../catalog/event-data';
import type { ControllerProfile } from '../controller/controller-profile';
import { isInEea } from '../geo/countries';
import { lacksSafeguard } from '../geo/transfers';

/**
 * One kind of processing the ledger observed: a purpose, a basis, and a system (collection) or
 * a recipient (share) with the transfer the share stated ('' when it stated none).
 */
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

/** The facts observed for one purpose: when first and last, and how many. */
export interface ObservedPurpose {
  purpose: string;
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
  /** The processing agreement (Art. 28(3)). */
  dpaReference?: string;
}

export const TRANSFER_WITHOUT_SAFEGUARD_FLAG = 'transfer outside the EEA without a Chapter V safeguard (Art. 44)';

/**
 * Art. 30(1)(d)-(e): a recipient with the third country its data goes to and the safeguard,
 * as the shares stated them or, failing that, as the recipient register says. One entry per
 * country and safeguard a recipient was seen with.
 */
export interface RecordRecipient extends RegisteredRecipient {
  outsideEea?: boolean;
  /** Present when the data goes outside the EEA without a Chapter V safeguard. */
  flag?: string;
}

export type RecordTransfer = Transfer & {
  recipientId?: string;
  /** Seen in the log rather than declared. */
  observed?: true;
  flag?: string;
};

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
  /** Art. 30(1)(d): the declared recipients, with their country, whether outside the EEA, and safeguard (from the register) */
  recipients: RecordRecipient[];
  /** Art. 30(1)(e): declared transfers, and transfers outside the EEA the ledger observed under these purposes */
  transfers: RecordTransfer[];
  /** Art. 30(1)(f) */
  retention: string;
  /** Art. 30(1)(g) */
  securityMeasures: string;
  systems: string[];
  /** What the ledger saw under these purposes that the declaration does not list. */
  observedBeyondDeclaration: { categories: string[]; recipients: RecordRecipient[] };
}

export interface UndeclaredProcessing {
  purpose: string;
  legalBases: string[];
  systems: string[];
  /** Art. 30(1)(d)-(e) for what no one declared: each recipient with country, outsideEea and safeguard; transfers without a safeguard flagged. */
  recipients: RecordRecipient[];
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
  /** One page, by purpose; `next` continues it. */
  undeclaredProcessing: UndeclaredProcessing[];
  /** Pass as `cursor` for the next page of undeclared processing; absent on the last. */
  next?: string;
}

const uniq = (values: Iterable<string>) => [...new Set([...values].filter(Boolean))].sort();

/** A recipient with a country and safeguard: whether it is outside the EEA, and the flag when it lacks a safeguard. */
function withTransfer(entry: RegisteredRecipient, at: string): RecordRecipient {
  if (!entry.country) return entry;
  return {
    ...entry,
    outsideEea: !isInEea(entry.country),
    // The record describes the processing now: judged by the decisions in force today.
    ...(lacksSafeguard(entry.country, entry.safeguard, at) ? { flag: TRANSFER_WITHOUT_SAFEGUARD_FLAG } : {}),
  };
}

/**
 * The recipients of observed shares: the transfer stated on the share, or failing that the
 * register's country and safeguard; one entry per recipient, country and safeguard.
 */
function observedRecipients(rows: readonly ObservedProcessingRow[], register: ReadonlyMap<string, RegisteredRecipient>, at: string): RecordRecipient[] {
  const seen = new Map<string, RecordRecipient>();
  for (const row of rows) {
    if (!row.recipientId) continue;
    const registered = register.get(row.recipientId) ?? { recipientId: row.recipientId };
    const stated = row.country ? { country: row.country, safeguard: row.safeguard } : { country: registered.country, safeguard: registered.safeguard };
    const key = JSON.stringify([row.recipientId, stated.country ?? '', stated.safeguard ?? '']);
    if (seen.has(key)) continue;
    const entry: RegisteredRecipient = { ...registered };
    delete entry.country;
    delete entry.safeguard;
    if (stated.country) entry.country = stated.country;
    if (stated.safeguard) entry.safeguard = stated.safeguard;
    seen.set(key, withTransfer(entry, at));
  }
  return [...seen.values()].sort((a, b) => a.recipientId.localeCompare(b.recipientId) || (a.country ?? '').localeCompare(b.country ?? ''));
}

/**
 * The Art. 30(1) record from the declared activities and the recipient register, set against
 * the processing the ledger observed: what no declared activity covers is flagged, and so is
 * every transfer outside the EEA without a safeguard, declared or observed.
 *
 * `observed` holds the rows of the declared purposes and of the undeclared purposes on this
 * page (`undeclared`, in order); the caller pages those by purpose, since what emitters may
 * observe is not bounded.
 */
export function recordOfProcessing(input: {
  controller: ControllerProfile | null;
  now: Date;
  activities: { activityId: string; declaredAt: string; declaration: ProcessingActivityDeclared }[];
  recipients: RegisteredRecipient[];
  observed: ObservedProcessingRow[];
  undeclared: ObservedPurpose[];
  next?: string;
}): RecordOfProcessing {
  // Only what Art. 30 asks of each recipient, whatever else the register keeps.
  const register = new Map(
    input.recipients.map(({ recipientId, name, role, country, safeguard, dpaReference }): [string, RegisteredRecipient] => [
      recipientId,
      {
        recipientId,
        ...(name ? { name } : {}),
        ...(role ? { role } : {}),
        ...(country ? { country } : {}),
        ...(safeguard ? { safeguard } : {}),
        ...(dpaReference ? { dpaReference } : {}),
      },
    ]),
  );
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
    const declaredCategories = new Set(d.categories);
    const seenRecipients = observedRecipients(observed, register, input.now.toISOString());
    const transfers = new Map<string, RecordTransfer>();
    const declaredTransfers = (d.transfers ?? []).map((t): RecordTransfer => ({ ...t }));
    const observedTransfers = seenRecipients
      .filter((r) => r.outsideEea)
      .map((r): RecordTransfer => ({
        country: r.country!,
        safeguard: (r.safeguard ?? 'none') as Transfer['safeguard'],
        recipientId: r.recipientId,
        observed: true,
      }));
    for (const t of [...declaredTransfers, ...observedTransfers]) {
      const key = JSON.stringify([t.country, t.safeguard, t.recipientId]);
      if (transfers.has(key)) continue;
      transfers.set(key, lacksSafeguard(t.country, t.safeguard, input.now.toISOString()) ? { ...t, flag: TRANSFER_WITHOUT_SAFEGUARD_FLAG } : t);
    }
    return {
      activityId,
      name: d.name,
      declaredAt,
      purposes: d.purposes,
      legalBasis: d.legalBasis,
      subjectCategories: d.subjectCategories,
      dataCategories: d.categories,
      recipients: recipientIds.map((id) => withTransfer(register.get(id) ?? { recipientId: id }, input.now.toISOString())),
      transfers: [...transfers.values()],
      retention: d.retention,
      securityMeasures: d.securityMeasures,
      systems: d.systems ?? [],
      observedBeyondDeclaration: {
        categories: uniq(observed.map((o) => o.category).filter((c) => !declaredCategories.has(c))),
        recipients: seenRecipients.filter((r) => !declaredRecipients.has(r.recipientId)),
      },
    };
  });
  return {
    controller: input.controller,
    generatedAt: input.now.toISOString(),
    activities,
    undeclaredProcessing: input.undeclared.map(({ purpose, firstAt, lastAt, events }) => {
      const rows = observedByPurpose.get(purpose) ?? [];
      return {
        purpose,
        legalBases: uniq(rows.map((r) => r.legalBasis)),
        systems: uniq(rows.map((r) => r.system)),
        recipients: observedRecipients(rows, register, input.now.toISOString()),
        categories: uniq(rows.map((r) => r.category)),
        firstAt,
        lastAt,
        events,
        flag: 'processing observed for a purpose no declared activity covers',
      };
    }),
    ...(input.next ? { next: input.next } : {}),
  };
}
