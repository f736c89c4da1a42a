import type { BreachDetected, LedgerEvent } from '../catalog/event-data';
import type { Art34Exemption, BreachRisk, MeasureStatus, NotificationPhase } from '../catalog/vocabulary';
import { NotificationClock, hoursAfterAwareness, notificationClock } from '../deadlines/breach-notification-deadline';
import { OverLimit, addBounded } from '../limits/fold-limits';
import { isBeforeInstant } from '../time/instant-order';

export interface AuthorityNotification {
  at: string;
  authority: string;
  phase: NotificationPhase;
  reference?: string;
  delayReason?: string;
  /** Art. 33(4): what this phase could not yet say. */
  pendingInformation?: string;
  /** Hours after awareness. */
  hoursAfterAwareness?: number;
}

/** The extent of a breach as a later assessment revised it; absent fields keep the detected values. */
export interface ExtentRevision {
  at: string;
  approxSubjects?: number;
  approxRecords?: number;
  endedAt?: string;
  /** The categories of personal data concerned, as the DPO now knows them (replacing the detected ones). */
  categories?: string[];
}

/**
 * One entry of the Art. 33(5) breach register: the facts, effects and remedial action, and
 * what was notified to whom and when. Folded from the breach's stream, plus the subjects the
 * subject streams link to it.
 */
export interface BreachRecord {
  breachId: string;
  detected?: BreachDetected & { recordedAt: string };
  detections: number;
  risk?: BreachRisk;
  consequences?: string;
  measuresInPlace?: string;
  assessedAt?: string;
  /** The first assessment that found a high risk: the Art. 34 duty runs from it. */
  highRiskAssessedAt?: string;
  extentRevision?: ExtentRevision;
  measures: { at: string; measures: string; status: MeasureStatus }[];
  notifications: AuthorityNotification[];
  subjectsNotified?: { at: string; channel: string; approxSubjects?: number };
  exemption?: { at: string; ground: Art34Exemption; explanation: string; publicCommunication?: string };
  closedAt?: string;
  closingSummary?: string;
  /**
   * Subjects linked by PersonalDataBreached facts on subject streams, and the categories those
   * links name. Any emitter of a subject's system can send such a link, so they are counted
   * apart from the DPO's own account of the breach (its stream) and never change the summary
   * the authority receives: the DPO reads them in the register and revises the assessment
   * (BreachAssessed approxSubjects, categories) with what it confirms.
   */
  linkedSubjects: number;
  /** At most FOLD_LIMITS.linkedCategoriesPerBreach; the rest are counted in overLimit. */
  linkedCategories: Set<string>;
  overLimit: OverLimit;
  lastEventAt: string;
}

export const emptyBreach = (breachId: string, at: string): BreachRecord => ({
  breachId,
  detections: 0,
  measures: [],
  notifications: [],
  linkedSubjects: 0,
  linkedCategories: new Set(),
  overLimit: {},
  lastEventAt: at,
});

export function evolveBreach(b: BreachRecord, event: LedgerEvent): BreachRecord {
  b.lastEventAt = event.occurredAt;
  switch (event.type) {
    case 'BreachDetected': {
      b.detections += 1;
      // A second detection of the same breach is recorded, but the register keeps the first awareness.
      if (!b.detected) b.detected = { ...event.data, recordedAt: event.recordedAt };
      break;
    }
    case 'BreachAssessed': {
      const d = event.data;
      b.risk = d.risk;
      b.consequences = d.consequences;
      if (d.measuresInPlace) b.measuresInPlace = d.measuresInPlace;
      b.assessedAt = event.occurredAt;
      if (d.risk === 'high' && (!b.highRiskAssessedAt || isBeforeInstant(event.occurredAt, b.highRiskAssessedAt))) b.highRiskAssessedAt = event.occurredAt;
      if (d.approxSubjects !== undefined || d.approxRecords !== undefined || d.endedAt || d.categories) {
        b.extentRevision = {
          ...b.extentRevision,
          at: event.occurredAt,
          ...(d.approxSubjects !== undefined ? { approxSubjects: d.approxSubjects } : {}),
          ...(d.approxRecords !== undefined ? { approxRecords: d.approxRecords } : {}),
          ...(d.endedAt ? { endedAt: d.endedAt } : {}),
          ...(d.categories ? { categories: [...d.categories] } : {}),
        };
      }
      break;
    }
    case 'BreachMeasuresTaken': {
      const d = event.data;
      b.measures.push({ at: event.occurredAt, measures: d.measures, status: d.status });
      break;
    }
    case 'AuthorityNotified': {
      const d = event.data;
      const awareAt = b.detected?.awareAt;
      b.notifications.push({
        at: event.occurredAt,
        authority: d.authority,
        phase: d.phase,
        ...(d.reference ? { reference: d.reference } : {}),
        ...(d.delayReason ? { delayReason: d.delayReason } : {}),
        ...(d.pendingInformation ? { pendingInformation: d.pendingInformation } : {}),
        ...(awareAt ? { hoursAfterAwareness: hoursAfterAwareness(awareAt, event.occurredAt) } : {}),
      });
      break;
    }
    case 'SubjectsNotified': {
      const d = event.data;
      b.subjectsNotified = { at: event.occurredAt, channel: d.channel, ...(d.approxSubjects !== undefined ? { approxSubjects: d.approxSubjects } : {}) };
      break;
    }
    case 'SubjectNotificationExempted': {
      const d = event.data;
      b.exemption = {
        at: event.occurredAt,
        ground: d.ground,
        explanation: d.explanation,
        ...(d.publicCommunication ? { publicCommunication: d.publicCommunication } : {}),
      };
      break;
    }
    case 'BreachClosed':
      b.closedAt = event.occurredAt;
      b.closingSummary = event.data.summary;
      break;
  }
  return b;
}

/** Links a subject to the breach (from its PersonalDataBreached), once per subject. O(categories of the link). */
export function linkSubject(b: BreachRecord, categories: readonly string[], firstLinkOfSubject: boolean): BreachRecord {
  if (firstLinkOfSubject) b.linkedSubjects += 1;
  for (const c of categories) addBounded(b.linkedCategories, c, 'linkedCategoriesPerBreach', b.overLimit);
  return b;
}

/** The breach's 72-hour clock (Art. 33(1)); with `now`, also the hours left while unnotified. */
export const notificationClockOf = (b: BreachRecord, now?: Date): NotificationClock =>
  notificationClock({ awareAt: b.detected?.awareAt, risk: b.risk, notifications: b.notifications }, now);

/**
 * Whether the breach's Art. 33 clock runs: open, notifiable and not yet notified. The moment it
 * runs out (72 h after awareness) when known. Independent of the clock, so a read model can keep it.
 */
export function authorityNotificationAwaited(b: BreachRecord): { dueAt?: string } | undefined {
  if (b.closedAt) return undefined;
  const clock = notificationClockOf(b);
  return clock.required && !clock.notifiedAt ? { ...(clock.dueAt ? { dueAt: clock.dueAt } : {}) } : undefined;
}
