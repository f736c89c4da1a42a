import { BREACH_NOTIFICATION_HOURS, isSubjectCommunicationRequired, subjectNoticeDueAt } from '../deadlines/breach-notification-deadline';
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
      out.push(finding('breach-not-notified', '', {
        breachId, dueAt: n.dueAt, visibleFrom: awareAt,
        summary: `breach ${breachId} (aware ${awareAt}) not yet notified to the supervisory authority; due ${n.dueAt}`,
        detail: { awareAt, risk: b.risk ?? 'not assessed' },
      }));
    } else if (!n.inTime) {
      out.push(finding('breach-notified-late', '', {
        breachId, dueAt: n.dueAt, visibleFrom: awareAt,
        // Art. 33(1) allows a late notification that gives its reasons; without them the finding stays open.
        status: n.delayReason ? 'closed' : 'open',
        ...(n.delayReason ? { closedAt: n.notifiedAt } : {}),
        summary: `breach ${breachId} notified ${n.hoursAfterAwareness} h after awareness (limit ${BREACH_NOTIFICATION_HOURS} h)${n.delayReason ? '' : ' without a reason for the delay'}`,
        detail: { awareAt, notifiedAt: n.notifiedAt, hoursAfterAwareness: n.hoursAfterAwareness, ...(n.delayReason ? { delayReason: n.delayReason } : {}) },
      }));
    }
  }
  if (isSubjectCommunicationRequired(b.risk) && !b.subjectsNotified && !b.exemption) {
    const due = subjectNoticeDueAt(awareAt);
    out.push(finding('breach-subjects-not-notified', '', {
      breachId, dueAt: due, visibleFrom: b.assessedAt ?? awareAt,
      summary: `breach ${breachId} is high risk; the subjects have not been told and no Art. 34(3) exemption is recorded`,
      detail: { awareAt, risk: b.risk },
    }));
  }
  return out;
}
