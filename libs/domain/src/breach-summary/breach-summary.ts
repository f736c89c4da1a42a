import type { Art34Exemption, BreachNature, BreachRisk, NotificationPhase } from '../catalog/vocabulary';

/** Names the shape of the document, so a verifier knows what it holds. */
export const BREACH_SUMMARY_FORMAT = 'privacy-ledger.breach-summary.v1';

/**
 * What the summary's sections follow, named for what it is: the EDPB's common template for
 * breach notifications was published as a draft for consultation (June 2026), not an adopted
 * form. The notification itself goes through the authority's own channel (for the Dutch AP: its
 * online form), which the controller profile names.
 */
export const BREACH_SUMMARY_LAYOUT = 'sections of the EDPB common breach-notification template (draft of June 2026, for consultation)';

/** What a summary is for the supervisory authority: a phase of the notification, or a register entry only. */
export type NotificationType = NotificationPhase | 'documented-only';

export interface ContactPoint {
  name: string;
  email: string;
  phone?: string;
}

export interface NotificationPhaseRecord {
  phase: NotificationPhase;
  at: string;
  authority: string;
  reference?: string;
  hoursAfterAwareness?: number;
  delayReason?: string;
  pendingInformation?: string;
}

export interface MeasureRecord {
  at: string;
  description: string;
}

/**
 * What a controller tells the supervisory authority about a personal data breach: the
 * contents of Art. 33(3), in the sections of the EDPB common breach-notification template.
 * Counts and categories only: nothing in it identifies a data subject.
 */
export interface BreachSummary {
  format: typeof BREACH_SUMMARY_FORMAT;
  breachId: string;
  generatedAt: string;

  /** 1. Type of notification, and the 72-hour deadline (Art. 33(1), (4)). */
  notification: {
    type: NotificationType;
    /** False when the breach was assessed as unlikely to result in a risk: documented (Art. 33(5)), not notified. */
    notifiable: boolean;
    status: 'notified' | 'not-notified' | 'not-required';
    supervisoryAuthority: { id: string; name: string; country: string; url?: string; notificationChannel?: string };
    /** What the sections follow (BREACH_SUMMARY_LAYOUT): a template draft, not the authority's form. */
    layout: typeof BREACH_SUMMARY_LAYOUT;
    /** Where the notification is made: the authority's channel (the AP: its online form). */
    channel?: string;
    dueAt: string;
    /** Hours from `generatedAt` to the deadline, negative once it has passed; only while a notifiable breach is unnotified. */
    hoursLeft?: number;
    /** The first notification came more than 72 hours after awareness, or none has come and the deadline has passed. */
    late: boolean;
    notifiedAt?: string;
    hoursAfterAwareness?: number;
    /** Art. 33(1): the reasons for a late notification. */
    delayReason?: string;
    /** Art. 33(4): what the latest phase left for a later one. */
    pendingInformation?: string;
    phases: NotificationPhaseRecord[];
  };

  /** 2. Controller, reporter and DPO (Art. 33(3)(b)). */
  controller: {
    name: string;
    address: string;
    registration?: string;
    contact: { email: string; phone?: string };
    representative?: { name: string; address: string; email?: string };
  };
  reporter: ContactPoint;
  dpo: ContactPoint;

  /** 3. Nature of the breach, its dates and duration (Art. 33(3)(a)). */
  nature: {
    types: BreachNature[];
    description: string;
    detectedBy?: string;
    startedAt?: string;
    endedAt?: string;
    awareAt: string;
    ongoing: boolean;
    /** From the start to the end, or to `generatedAt` while it goes on; absent when the start is unknown. */
    durationHours?: number;
  };

  /** 4. Subjects and personal data concerned (Art. 33(3)(a)). */
  affected: {
    subjectCategories: string[];
    approxSubjects: number;
    approxRecords: number;
    /** As detected, or as a later assessment revised them. */
    dataCategories: string[];
    /** When a later assessment revised the estimate. */
    estimateRevisedAt?: string;
    /** Art. 9/10 data among the categories (derived). */
    specialCategories: boolean;
    /** Children's data among the categories (derived). */
    childrensData: boolean;
  };

  /** 5. Measures in place before the breach, such as encryption. */
  measuresInPlace: { description?: string; generalSecurityMeasures?: string };

  /** 6. Likely consequences (Art. 33(3)(c)). */
  consequences: { risk: BreachRisk | 'not-assessed'; description?: string; assessedAt?: string };

  /** 7. Measures taken or proposed to address the breach and mitigate its effects (Art. 33(3)(d)). */
  measures: { taken: MeasureRecord[]; proposed: MeasureRecord[] };

  /** 8. Communication to the data subjects (Art. 34). */
  subjectCommunication: {
    /** Art. 34(1): the breach is likely to result in a high risk. */
    required: boolean;
    status: 'notified' | 'exempted' | 'not-notified' | 'not-required';
    notifiedAt?: string;
    channel?: string;
    approxSubjects?: number;
    /** `publicCommunication`: Art. 34(3)(c), the public communication made instead. */
    exemption?: { ground: Art34Exemption; article: string; condition: string; explanation: string; publicCommunication?: string; at: string };
  };

  closure?: { closedAt: string; summary?: string };
}
