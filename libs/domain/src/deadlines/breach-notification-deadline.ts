import type { BreachRisk } from '../catalog/vocabulary';
import { addHours, hoursBetween, roundHours } from '../time/calendar';
import { byInstant, isAfterInstant } from '../time/instant-order';

/**
 * Art. 33(1): the supervisory authority is notified within 72 hours of becoming aware of a
 * breach, unless it is unlikely to result in a risk; a later notification gives the reasons for
 * the delay. The one place that says so: the findings, the register entry, the summary and its
 * text all ask this module.
 */
export const BREACH_NOTIFICATION_HOURS = 72;

export const breachNotificationDueAt = (awareAt: string): string => addHours(new Date(awareAt), BREACH_NOTIFICATION_HOURS).toISOString();

/** Every breach is notified unless it was assessed as unlikely to result in a risk (not yet assessed: notifiable). */
export const isNotificationRequired = (risk: BreachRisk | undefined): boolean => risk !== 'unlikely';

export const hoursAfterAwareness = (awareAt: string, at: string): number => roundHours(hoursBetween(awareAt, at));

export const isNotifiedLate = (awareAt: string, notifiedAt: string): boolean => hoursBetween(awareAt, notifiedAt) > BREACH_NOTIFICATION_HOURS;

/** Art. 34(1): the subjects are told of a breach likely to result in a high risk. */
export const isSubjectCommunicationRequired = (risk: BreachRisk | undefined): boolean => risk === 'high';

/**
 * Art. 34(1) says "without undue delay" and sets no period: the ledger's internal target is 72
 * hours from the assessment that found the high risk (before it, there is no duty to tell).
 * Labelled as a target, not law, wherever it is shown.
 */
export const SUBJECT_NOTICE_TARGET_HOURS = 72;
export const SUBJECT_NOTICE_DEADLINE_KIND = 'internal target (Art. 34(1): without undue delay)';
export const subjectNoticeDueAt = (highRiskAssessedAt: string): string => addHours(new Date(highRiskAssessedAt), SUBJECT_NOTICE_TARGET_HOURS).toISOString();

/** Where a breach stands on its 72-hour clock. */
export interface NotificationClock {
  required: boolean;
  dueAt?: string;
  /** The first notification to the authority. */
  notifiedAt?: string;
  hoursAfterAwareness?: number;
  inTime?: boolean;
  /** The reason for the delay: given with the first notification, or by a later phase. */
  delayReason?: string;
  /** When the reason was given: with the first notification, or when a later phase brought it (Art. 33(1): the late notification "shall be accompanied by reasons"). */
  delayReasonAt?: string;
  /** Hours from `now` to the deadline, negative once it has passed: only while a required notification is outstanding. */
  hoursLeft?: number;
  /** Required, and notified after the deadline — or, at `now`, not notified and past it. */
  late: boolean;
}

export interface NotificationFacts {
  awareAt?: string;
  risk?: BreachRisk;
  notifications: readonly { at: string; delayReason?: string }[];
}

/** The 72-hour clock of a breach from its facts; with `now`, also the hours left and lateness of a missing notification. */
export function notificationClock(facts: NotificationFacts, now?: Date): NotificationClock {
  const required = isNotificationRequired(facts.risk);
  const ordered = [...facts.notifications].sort((x, y) => byInstant(x.at, y.at));
  const first = ordered[0];
  const reasoned = ordered.find((n) => n.delayReason);
  const delayReason = reasoned?.delayReason;
  const notified = first ? { notifiedAt: first.at } : {};
  if (!facts.awareAt) return { required, ...notified, late: false };
  const dueAt = breachNotificationDueAt(facts.awareAt);
  if (!first) {
    const hoursLeft = now && required ? roundHours(hoursBetween(now.toISOString(), dueAt)) : undefined;
    return { required, dueAt, ...(hoursLeft !== undefined ? { hoursLeft } : {}), late: required && !!now && isAfterInstant(now.toISOString(), dueAt) };
  }
  const late = isNotifiedLate(facts.awareAt, first.at);
  return {
    required,
    dueAt,
    notifiedAt: first.at,
    hoursAfterAwareness: hoursAfterAwareness(facts.awareAt, first.at),
    inTime: !late,
    ...(delayReason ? { delayReason, delayReasonAt: reasoned!.at } : {}),
    late: required && late,
  };
}
