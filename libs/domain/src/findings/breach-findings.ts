import {
  BREACH_NOTIFICATION_HOURS,
  SUBJECT_NOTICE_DEADLINE_KIND,
  isSubjectCommunicationRequired,
  subjectNoticeDueAt,
} from '../deadlines/breach-notification-deadline';
import { BreachRecord, notificationClockOf } from '../read-models/breach-record';
import { Finding, finding } from './finding';

/** The findings of one breach: the 72-hour notification (Art. 33) and telling the subjects (Art. 34). */
export function breachFindings(b: BreachRecord): Finding[] {
  const breachId = b.breachId;
  const awareAt = b.detected?.awareAt;
  if (!awareAt) return [];
  const out: Finding[] = [];
  const n = notificationClockOf(b);
  if (n.required && n.dueAt) {
    if (!n.notifiedAt) {
      out.push(
        finding('breach-not-notified', '', {
          breachId,
          dueAt: n.dueAt,
          visibleFrom: awareAt,
          summary: `breach ${breachId} (aware ${awareAt}) not yet notified to the supervisory authority; due ${n.dueAt}`,
          detail: { awareAt, risk: b.risk ?? 'not assessed' },
        }),
      );
    } else if (!n.inTime) {
      out.push(
        finding('breach-notified-late', '', {
          breachId,
          dueAt: n.dueAt,
          visibleFrom: awareAt,
          // Art. 33(1): a late notification is accompanied by reasons; the finding closes when they are given (with it, or by a later phase).
          status: n.delayReason ? 'closed' : 'open',
          ...(n.delayReasonAt ? { closedAt: n.delayReasonAt } : {}),
          summary: `breach ${breachId} notified ${n.hoursAfterAwareness} h after awareness (limit ${BREACH_NOTIFICATION_HOURS} h)${n.delayReason ? '' : ' without a reason for the delay'}`,
          detail: {
            awareAt,
            notifiedAt: n.notifiedAt,
            hoursAfterAwareness: n.hoursAfterAwareness,
            ...(n.delayReason ? { delayReason: n.delayReason, delayReasonAt: n.delayReasonAt } : {}),
          },
        }),
      );
    }
  }
  // Art. 34(3)(c): the exemption for disproportionate effort stands only with a public communication in its place.
  const exempted = b.exemption && (b.exemption.ground !== 'art34-3c' || !!b.exemption.publicCommunication);
  if (isSubjectCommunicationRequired(b.risk) && !b.subjectsNotified && !exempted) {
    const from = b.highRiskAssessedAt ?? b.assessedAt ?? awareAt;
    const due = subjectNoticeDueAt(from);
    out.push(
      finding('breach-subjects-not-notified', '', {
        breachId,
        dueAt: due,
        visibleFrom: from,
        summary: b.exemption
          ? `breach ${breachId} is high risk; the Art. 34(3)(c) exemption has no public communication recorded, and the subjects have not been told`
          : `breach ${breachId} is high risk; the subjects have not been told and no Art. 34(3) exemption is recorded`,
        detail: {
          awareAt,
          risk: b.risk,
          highRiskAssessedAt: from,
          deadline: SUBJECT_NOTICE_DEADLINE_KIND,
          ...(b.exemption ? { exemption: b.exemption.ground, publicCommunication: 'missing' } : {}),
        },
      }),
    );
  }
  // Art. 33(3)(a): a notification describes the categories of data subjects concerned.
  if (n.required && !b.detected?.subjectCategories?.length) {
    out.push(
      finding('breach-subject-categories-missing', '', {
        breachId,
        dueAt: n.dueAt ?? awareAt,
        visibleFrom: awareAt,
        summary: `breach ${breachId} must be notified, and its record names no categories of data subjects`,
        detail: { awareAt },
      }),
    );
  }
  return out;
}
