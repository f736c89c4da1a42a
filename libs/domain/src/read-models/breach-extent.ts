import type { BreachRecord } from './breach-record';

/** How far a breach reaches, as currently known: the detected facts with any later revision applied. */
export interface BreachExtent {
  awareAt: string;
  startedAt?: string;
  endedAt?: string;
  ongoing: boolean;
  approxSubjects: number;
  approxRecords: number;
  /** The categories of personal data concerned: the latest assessment's, else the detected ones. */
  categories: string[];
  /** When an assessment last revised the detected extent. */
  revisedAt?: string;
}

export function breachExtent(b: BreachRecord): BreachExtent | undefined {
  const d = b.detected;
  if (!d) return undefined;
  const r = b.extentRevision;
  const endedAt = r?.endedAt ?? d.endedAt;
  return {
    awareAt: d.awareAt,
    ...(d.startedAt ? { startedAt: d.startedAt } : {}),
    ...(endedAt ? { endedAt } : {}),
    // An end established by an assessment ends an ongoing breach.
    ongoing: r?.endedAt ? false : d.ongoing,
    approxSubjects: r?.approxSubjects ?? d.approxSubjects,
    approxRecords: r?.approxRecords ?? d.approxRecords,
    categories: [...new Set(r?.categories ?? d.categories)].sort(),
    ...(r ? { revisedAt: r.at } : {}),
  };
}
