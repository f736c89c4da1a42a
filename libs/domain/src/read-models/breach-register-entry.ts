import type { BreachRecord } from './breach-record';
import { notificationClockOf } from './breach-record';
import { isSubjectCommunicationRequired } from '../deadlines/breach-notification-deadline';
import { breachExtent } from './breach-extent';

/** An entry of the Art. 33(5) register as the DPO and the API show it. */
export interface BreachRegisterEntry {
  breachId: string;
  status: 'open' | 'closed';
  facts: {
    awareAt?: string;
    startedAt?: string;
    endedAt?: string;
    ongoing?: boolean;
    nature: string[];
    description?: string;
    categories: string[];
    subjectCategories?: string[];
    approxSubjects?: number;
    approxRecords?: number;
    /** When a later assessment revised the extent detected. */
    extentRevisedAt?: string;
  };
  /**
   * What PersonalDataBreached facts on subject streams link to the breach, apart from the DPO's
   * facts above: how many subjects, and the categories they name that the DPO's facts do not.
   */
  linkedBySystems: { subjects: number; otherCategories: string[]; overLimit?: Record<string, number> };
  effects: { risk?: string; consequences?: string; measuresInPlace?: string; assessedAt?: string };
  remedialAction: { at: string; measures: string; status: string }[];
  authorityNotification: {
    required: boolean;
    dueAt?: string;
    /** Hours left until the 72-hour deadline at `now` (negative when passed); only while unnotified. */
    hoursLeft?: number;
    notifiedAt?: string;
    hoursAfterAwareness?: number;
    inTime?: boolean;
    delayReason?: string;
    phases: {
      at: string;
      authority: string;
      phase: string;
      reference?: string;
      delayReason?: string;
      pendingInformation?: string;
      hoursAfterAwareness?: number;
    }[];
  };
  subjectCommunication: {
    required: boolean;
    notifiedAt?: string;
    channel?: string;
    exemption?: { ground: string; explanation: string; at: string };
  };
  closedAt?: string;
}

export function breachRegisterEntry(b: BreachRecord, now: Date): BreachRegisterEntry {
  const n = notificationClockOf(b, now);
  const d = b.detected;
  const extent = breachExtent(b);
  return {
    breachId: b.breachId,
    status: b.closedAt ? 'closed' : 'open',
    facts: {
      ...(d && extent
        ? {
            awareAt: extent.awareAt,
            ...(extent.startedAt ? { startedAt: extent.startedAt } : {}),
            ...(extent.endedAt ? { endedAt: extent.endedAt } : {}),
            ongoing: extent.ongoing,
            description: d.description,
            ...(d.subjectCategories ? { subjectCategories: d.subjectCategories } : {}),
            approxSubjects: extent.approxSubjects,
            approxRecords: extent.approxRecords,
            ...(extent.revisedAt ? { extentRevisedAt: extent.revisedAt } : {}),
          }
        : {}),
      nature: d?.nature ?? [],
      categories: extent?.categories ?? [],
    },
    linkedBySystems: {
      subjects: b.linkedSubjects,
      otherCategories: [...b.linkedCategories].filter((c) => !extent?.categories.includes(c)).sort(),
      ...(Object.keys(b.overLimit).length ? { overLimit: { ...b.overLimit } } : {}),
    },
    effects: {
      ...(b.risk ? { risk: b.risk } : {}),
      ...(b.consequences ? { consequences: b.consequences } : {}),
      ...(b.measuresInPlace ? { measuresInPlace: b.measuresInPlace } : {}),
      ...(b.assessedAt ? { assessedAt: b.assessedAt } : {}),
    },
    remedialAction: b.measures,
    authorityNotification: {
      required: n.required,
      ...(n.dueAt ? { dueAt: n.dueAt } : {}),
      ...(n.hoursLeft !== undefined ? { hoursLeft: n.hoursLeft } : {}),
      ...(n.notifiedAt ? { notifiedAt: n.notifiedAt, hoursAfterAwareness: n.hoursAfterAwareness, inTime: n.inTime } : {}),
      ...(n.delayReason ? { delayReason: n.delayReason } : {}),
      phases: b.notifications,
    },
    subjectCommunication: {
      required: isSubjectCommunicationRequired(b.risk),
      ...(b.subjectsNotified ? { notifiedAt: b.subjectsNotified.at, channel: b.subjectsNotified.channel } : {}),
      ...(b.exemption ? { exemption: b.exemption } : {}),
    },
    ...(b.closedAt ? { closedAt: b.closedAt } : {}),
  };
}
