import type { ProcessingActivityDeclared } from '../catalog/event-data';
import type { ControllerProfile } from '../controller/controller-profile';
import { isInEea } from '../geo/countries';
import { addCalendarMonths } from '../time/calendar';
import { DataMapEntry, RecipientLookup, dataMap } from './data-map';
import type { SubjectProfile } from './subject-profile';

/** A personal value the ledger still holds for the subject, as its latest fact gave it ("[erased]" once shredded). */
export interface HeldValue {
  field: string;
  value: string | number | boolean | null;
  /** When the latest fact that gave it happened. */
  recordedAt: string;
}

/**
 * What Art. 15 obliges the controller to tell a person who asks for access, from the log and
 * the data map: (a) purposes, (b) categories, (c) recipients, (d) retention, (e) the rights to
 * rectification, erasure, restriction and objection, (f) the right to complain to the
 * supervisory authority, (g) the source where not the person, (h) automated decision-making,
 * Art. 15(2) the safeguards of transfers to third countries — and the personal data itself.
 */
export interface AccessReport {
  subjectId: string;
  generatedAt: string;
  controller: { name: string; address: string; contact: { email: string; phone?: string }; dpo: { name: string; email: string; phone?: string } } | null;
  /** (a): each purpose, on which legal bases, for which categories. */
  purposes: { purpose: string; legalBases: string[]; categories: string[] }[];
  /** (b), (d), (g): each category with its status, purposes, sources and retention. */
  categories: {
    category: string;
    status: DataMapEntry['status'];
    purposes: string[];
    legalBases: string[];
    sources: string[];
    retentionUntil?: string;
    retainedUnder?: string;
    erasedAt?: string;
  }[];
  /** (c) and 15(2): every recipient the data went to, with its country and the transfer's safeguard. */
  recipients: { recipientId: string; name?: string; role?: string; country?: string; outsideEea?: boolean; safeguard?: string; categories: string[] }[];
  /** (d): how long the data is kept — per category above; the account rule; what the declared activities say. */
  retention: {
    account?: { months: number; allServicesEndedAt?: string; deleteBy?: string };
    declared: { activityId: string; name: string; purposes: string[]; retention: string }[];
  };
  /** (g): where the data came from, by source. */
  sources: { source: string; categories: string[] }[];
  /** (e), (f): the rights the person has, and the authority to complain to. */
  rights: { right: 'rectification' | 'erasure' | 'restriction' | 'objection' | 'portability' | 'complaint'; article: string }[];
  supervisoryAuthority?: { name: string; country: string; url?: string };
  /** (h): the ledger records no automated decision-making; it says so rather than leave it out. */
  automatedDecisionMaking: { recorded: false };
  /** The personal values the ledger still holds (Art. 15(3): a copy of the data). */
  personalData: HeldValue[];
  /** Key groups already destroyed: their values are gone. */
  shredded: { groups: string[]; at: string; reason: string }[];
}

const RIGHTS: AccessReport['rights'] = [
  { right: 'rectification', article: 'Art. 16' },
  { right: 'erasure', article: 'Art. 17' },
  { right: 'restriction', article: 'Art. 18' },
  { right: 'portability', article: 'Art. 20' },
  { right: 'objection', article: 'Art. 21' },
  { right: 'complaint', article: 'Art. 77' },
];

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The answer to an access request, from what the ledger knows of the subject. Pure: the same inputs give the same report. */
export function accessReport(input: {
  profile: SubjectProfile;
  recipients: RecipientLookup;
  activities: { activityId: string; declaration: ProcessingActivityDeclared }[];
  controller: ControllerProfile | null;
  accountRetentionMonths: number;
  personalData: HeldValue[];
  now: Date;
}): AccessReport {
  const p = input.profile;
  const map = dataMap(p, input.recipients);
  const purposes = [...p.purposes.keys()].sort();
  const byPurpose = (purpose: string) => map.categories.filter((c) => c.purposes.includes(purpose));
  const recipientCategories = (id: string) => sorted(p.recipients.get(id)?.categories ?? []);
  const recipients = [...p.recipients.keys()].sort().map((recipientId) => {
    const registered = input.recipients(recipientId);
    const transfer = p.recipients.get(recipientId)?.currentTransfer;
    const country = transfer?.country ?? registered?.country;
    const safeguard = transfer?.safeguard ?? registered?.safeguard;
    return {
      recipientId,
      ...(registered?.name ? { name: registered.name } : {}),
      ...(registered?.role ? { role: registered.role } : {}),
      ...(country ? { country, outsideEea: !isInEea(country) } : {}),
      ...(safeguard ? { safeguard } : {}),
      categories: recipientCategories(recipientId),
    };
  });
  const sources = new Map<string, string[]>();
  for (const c of map.categories) for (const s of c.sources) sources.set(s, [...(sources.get(s) ?? []), c.category]);
  const ended = p.allServicesEndedAt;
  return {
    subjectId: p.subjectId,
    generatedAt: input.now.toISOString(),
    controller: input.controller
      ? { name: input.controller.name, address: input.controller.address, contact: input.controller.contact, dpo: input.controller.dpo }
      : null,
    purposes: purposes.map((purpose) => {
      const categories = byPurpose(purpose);
      return { purpose, legalBases: sorted(categories.flatMap((c) => c.legalBases)), categories: categories.map((c) => c.category) };
    }),
    categories: map.categories.map((c) => ({
      category: c.category,
      status: c.status,
      purposes: c.purposes,
      legalBases: c.legalBases,
      sources: c.sources,
      ...(c.retentionUntil ? { retentionUntil: c.retentionUntil } : {}),
      ...(c.retainedUnder ? { retainedUnder: c.retainedUnder } : {}),
      ...(c.erasedAt ? { erasedAt: c.erasedAt } : {}),
    })),
    recipients,
    retention: {
      account: {
        months: input.accountRetentionMonths,
        ...(ended ? { allServicesEndedAt: ended, deleteBy: addCalendarMonths(new Date(ended), input.accountRetentionMonths).toISOString() } : {}),
      },
      declared: input.activities
        .filter((a) => a.declaration.purposes.some((purpose) => p.purposes.has(purpose)))
        .map((a) => ({ activityId: a.activityId, name: a.declaration.name, purposes: a.declaration.purposes, retention: a.declaration.retention })),
    },
    sources: [...sources].sort(([a], [b]) => a.localeCompare(b)).map(([source, categories]) => ({ source, categories })),
    rights: RIGHTS,
    ...(input.controller
      ? {
          supervisoryAuthority: {
            name: input.controller.supervisoryAuthority.name,
            country: input.controller.supervisoryAuthority.country,
            ...(input.controller.supervisoryAuthority.url ? { url: input.controller.supervisoryAuthority.url } : {}),
          },
        }
      : {}),
    automatedDecisionMaking: { recorded: false },
    personalData: input.personalData,
    shredded: p.shredded,
  };
}
