import type { ControllerProfile } from '../controller/controller-profile';
import { isSubjectCommunicationRequired } from '../deadlines/breach-notification-deadline';
import { breachExtent } from '../read-models/breach-extent';
import { BreachRecord, notificationClockOf } from '../read-models/breach-record';
import { hoursBetween, roundHours } from '../time/calendar';
import { byInstant } from '../time/instant-order';
import { ART34_EXEMPTION_GROUNDS } from './art34-exemption-grounds';
import { isChildrensData, isSpecialCategory } from '../categories/sensitive-categories';
import { BREACH_SUMMARY_FORMAT, BREACH_SUMMARY_LAYOUT, BreachSummary, NotificationPhaseRecord } from './breach-summary';

/** A breach whose detection is recorded: only such a breach has the facts a summary is made of. */
export type DetectedBreach = BreachRecord & { detected: NonNullable<BreachRecord['detected']> };

export const isDetected = (b: BreachRecord): b is DetectedBreach => b.detected !== undefined;

/** Every instant of a summary in one form (UTC, milliseconds), whatever offset the emitter used. */
const utc = (instant: string) => new Date(instant).toISOString();

/**
 * The Art. 33(3) summary of a breach as the register knows it at `now`. Pure: the same record,
 * profile and time give the same summary.
 */
export function buildBreachSummary(breach: DetectedBreach, controller: ControllerProfile, now: Date): BreachSummary {
  const d = breach.detected;
  const extent = breachExtent(breach)!;
  const generatedAt = now.toISOString();
  const clock = notificationClockOf(breach, now);
  const dueAt = clock.dueAt!;
  const phases: NotificationPhaseRecord[] = [...breach.notifications]
    .sort((x, y) => byInstant(x.at, y.at))
    .map((n) => ({
      phase: n.phase,
      at: utc(n.at),
      authority: n.authority,
      ...(n.reference ? { reference: n.reference } : {}),
      ...(n.hoursAfterAwareness !== undefined ? { hoursAfterAwareness: n.hoursAfterAwareness } : {}),
      ...(n.delayReason ? { delayReason: n.delayReason } : {}),
      ...(n.pendingInformation ? { pendingInformation: n.pendingInformation } : {}),
    }));
  const latest = phases.at(-1);
  const notified = latest !== undefined;
  const end = extent.endedAt ?? (extent.ongoing ? generatedAt : undefined);
  const exemption = breach.exemption;

  return {
    format: BREACH_SUMMARY_FORMAT,
    breachId: breach.breachId,
    generatedAt,
    notification: {
      // Unnotified, a notifiable breach's summary is the initial notification still to be made.
      type: latest?.phase ?? (clock.required ? 'initial' : 'documented-only'),
      notifiable: clock.required,
      status: notified ? 'notified' : clock.required ? 'not-notified' : 'not-required',
      supervisoryAuthority: { ...controller.supervisoryAuthority },
      layout: BREACH_SUMMARY_LAYOUT,
      ...(controller.supervisoryAuthority.notificationChannel ? { channel: controller.supervisoryAuthority.notificationChannel } : {}),
      dueAt,
      ...(clock.hoursLeft !== undefined ? { hoursLeft: clock.hoursLeft } : {}),
      // Measured only where notification is required: a voluntary notification is never late.
      late: clock.late,
      ...(notified ? { notifiedAt: phases[0].at, ...(clock.hoursAfterAwareness !== undefined ? { hoursAfterAwareness: clock.hoursAfterAwareness } : {}) } : {}),
      ...(clock.delayReason ? { delayReason: clock.delayReason } : {}),
      ...(latest?.pendingInformation ? { pendingInformation: latest.pendingInformation } : {}),
      phases,
    },
    controller: {
      name: controller.name,
      address: controller.address,
      ...(controller.registration ? { registration: controller.registration } : {}),
      contact: { ...controller.contact },
      ...(controller.representative ? { representative: { ...controller.representative } } : {}),
    },
    reporter: { ...(controller.reporter ?? { name: controller.name, ...controller.contact }) },
    dpo: { ...controller.dpo },
    nature: {
      types: [...d.nature],
      description: d.description,
      ...(d.detectedBy ? { detectedBy: d.detectedBy } : {}),
      ...(extent.startedAt ? { startedAt: utc(extent.startedAt) } : {}),
      ...(extent.endedAt ? { endedAt: utc(extent.endedAt) } : {}),
      awareAt: utc(d.awareAt),
      ongoing: extent.ongoing,
      ...(extent.startedAt && end ? { durationHours: roundHours(hoursBetween(extent.startedAt, end)) } : {}),
    },
    affected: {
      subjectCategories: [...(d.subjectCategories ?? [])],
      approxSubjects: extent.approxSubjects,
      approxRecords: extent.approxRecords,
      // The DPO's account only: links from subject streams are counted apart in the register (breach-record.ts).
      dataCategories: extent.categories,
      ...(extent.revisedAt ? { estimateRevisedAt: utc(extent.revisedAt) } : {}),
      // Derived from the categories, never left to an emitter to set (categories/sensitive-categories.ts).
      specialCategories: extent.categories.some(isSpecialCategory),
      childrensData: extent.categories.some(isChildrensData),
    },
    measuresInPlace: {
      ...(breach.measuresInPlace ? { description: breach.measuresInPlace } : {}),
      ...(controller.securityMeasures ? { generalSecurityMeasures: controller.securityMeasures } : {}),
    },
    consequences: {
      risk: breach.risk ?? 'not-assessed',
      ...(breach.consequences ? { description: breach.consequences } : {}),
      ...(breach.assessedAt ? { assessedAt: utc(breach.assessedAt) } : {}),
    },
    measures: {
      taken: breach.measures.filter((m) => m.status === 'taken').map((m) => ({ at: utc(m.at), description: m.measures })),
      proposed: breach.measures.filter((m) => m.status === 'proposed').map((m) => ({ at: utc(m.at), description: m.measures })),
    },
    subjectCommunication: {
      required: isSubjectCommunicationRequired(breach.risk),
      status: breach.subjectsNotified ? 'notified' : exemption ? 'exempted' : isSubjectCommunicationRequired(breach.risk) ? 'not-notified' : 'not-required',
      ...(breach.subjectsNotified
        ? {
            notifiedAt: utc(breach.subjectsNotified.at),
            channel: breach.subjectsNotified.channel,
            ...(breach.subjectsNotified.approxSubjects !== undefined ? { approxSubjects: breach.subjectsNotified.approxSubjects } : {}),
          }
        : {}),
      ...(exemption
        ? {
            exemption: {
              ground: exemption.ground,
              ...ART34_EXEMPTION_GROUNDS[exemption.ground],
              explanation: exemption.explanation,
              ...(exemption.publicCommunication ? { publicCommunication: exemption.publicCommunication } : {}),
              at: utc(exemption.at),
            },
          }
        : {}),
    },
    ...(breach.closedAt ? { closure: { closedAt: utc(breach.closedAt), ...(breach.closingSummary ? { summary: breach.closingSummary } : {}) } } : {}),
  };
}
