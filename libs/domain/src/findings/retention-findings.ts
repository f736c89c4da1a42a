import { DeadlineCalendar, endOfDayOf } from '../deadlines/deadline-calendar';
import { accountDeletionDueAt } from '../deadlines/retention-deadline';
import { keyGroupOfCategory } from '../personal/key-groups';
import type { SubjectProfile } from '../read-models/subject-profile';
import { isAfterInstant } from '../time/instant-order';
import { Finding, finding } from './finding';

/**
 * Storage limitation (Art. 5(1)(e)), from three sources:
 * - the controller's policy: the account is deleted `months` after all services ended
 *   (deadlines/retention-deadline.ts; a ServiceStarted ends that wait);
 * - retention dates emitters give on collection, per system and purpose: each is its own
 *   deadline, so a shorter one is not hidden by a longer one elsewhere; data still held in that
 *   system past it is an open finding, data erased there after it a closed one with both dates;
 * - data kept after erasure under a legal obligation (`retained`): until its date, then its key
 *   group is shredded.
 * A date without a time (`2032-12-31`) means the end of that day in the controller's time zone.
 */

/** The key of the finding that an account outlived the retention policy (as against a category's own retention date). */
const ACCOUNT_RETENTION = 'account';

/** Whether a finding says the account outlived the controller's retention policy: what the retention sweep erases. */
export const isAccountRetentionFinding = (f: Finding): boolean => f.rule === 'retention-passed' && f.id.endsWith(`:${ACCOUNT_RETENTION}`);

export function retentionFindings(p: SubjectProfile, accountRetentionMonths: number, calendar: DeadlineCalendar): Finding[] {
  const subjectId = p.subjectId;
  const out: Finding[] = [];
  const erasedAll = p.erasures.length > 0 && [...p.categories.values()].every((c) => c.erasedAt || c.retained);
  if (p.allServicesEndedAt) {
    const due = accountDeletionDueAt(p.allServicesEndedAt, accountRetentionMonths);
    const lastErasure = p.erasures
      .map((e) => e.at)
      .sort()
      .at(-1);
    // Erased in time: nothing to find.
    if (!(erasedAll && lastErasure && !isAfterInstant(lastErasure, due))) {
      out.push(
        finding('retention-passed', ACCOUNT_RETENTION, {
          subjectId,
          dueAt: due,
          ...(erasedAll && lastErasure ? { status: 'closed' as const, closedAt: lastErasure } : {}),
          summary: `all services ended ${day(p.allServicesEndedAt)}; the account was due for deletion ${day(due)}`,
          detail: { allServicesEndedAt: p.allServicesEndedAt, months: accountRetentionMonths, ...(erasedAll && lastErasure ? { erasedAt: lastErasure } : {}) },
        }),
      );
    }
  }
  for (const [category, record] of p.categories) {
    if (record.retained) {
      const until = record.retained.until;
      // A date keeps the data to the end of that day, controller time.
      const due = record.retained.given ? endOfDayOf(record.retained.given, calendar) : until;
      // Closed by the shred of this category's own key group once its date had come.
      const group = keyGroupOfCategory(category);
      const shredded = p.shredded.find((s) => s.reason === 'retention-expired' && s.groups.includes(group) && !isAfterInstant(due, s.at));
      out.push(
        finding('retention-passed', category, {
          subjectId,
          dueAt: due,
          ...(shredded ? { status: 'closed' as const, closedAt: shredded.at } : {}),
          summary: `${category} kept past its retention date ${day(until)}`,
          detail: { category, until, legalGround: record.retained.legalGround },
        }),
      );
      continue;
    }
    for (const [key, until] of record.retentionBy ?? []) {
      const [system, purpose] = key.split(' ');
      const due = endOfDayOf(until, calendar);
      const erasedAt = record.erasedBy?.get(system);
      if (erasedAt !== undefined && !isAfterInstant(erasedAt, due)) continue;
      out.push(
        finding('retention-passed', `${category}:${system}:${purpose}`, {
          subjectId,
          dueAt: due,
          ...(erasedAt !== undefined ? { status: 'closed' as const, closedAt: erasedAt } : {}),
          summary:
            erasedAt !== undefined
              ? `${category} in ${system} (${purpose}) was erased ${day(erasedAt)}, after its retention date ${day(until)}`
              : `${category} kept past its retention date ${day(until)}`,
          detail: { category, system, purpose, until, ...(erasedAt !== undefined ? { erasedAt } : {}) },
        }),
      );
    }
  }
  return out;
}

const day = (instant: string): string => instant.slice(0, 10);
