import type { KeyGroup } from '../personal/key-groups';
import type {
  Art34Exemption,
  BreachNature,
  BreachRisk,
  CommunicatedChange,
  DataSource,
  ErasureGround,
  ErasureRequestGround,
  ExportRight,
  LegalBasis,
  MeasureStatus,
  NotificationExemption,
  NotificationPhase,
  RecipientRole,
  RejectionGround,
  RestrictionGround,
  ShredReason,
  SubjectRight,
  TransferSafeguard,
} from './vocabulary';

/** The clear (non-personal) `data` of each event type, as its schema admits it. */
export interface Transfer {
  country: string;
  safeguard: TransferSafeguard;
}
export interface Retained {
  categories: string[];
  legalGround: string;
  until: string;
}

export interface PersonalDataCollected {
  categories: string[];
  purpose: string;
  legalBasis: LegalBasis;
  source: DataSource;
  system: string;
  retention?: { until?: string; policy?: string };
  /** The purpose is direct marketing: an objection to it is absolute (Art. 21(2)–(3)). */
  directMarketing?: boolean;
}
export interface PersonalDataSharedWithProcessor {
  recipientId: string;
  categories: string[];
  purpose: string;
  legalBasis: LegalBasis;
  transfer?: Transfer;
  directMarketing?: boolean;
}
export interface PersonalDataExported {
  requestId: string;
  right: ExportRight;
  categories: string[];
  format: string;
}
export interface PersonalDataErased {
  requestId?: string;
  ground: ErasureGround;
  system: string;
  categories: string[];
  retained?: Retained[];
}
export interface PersonalDataBreached {
  breachId: string;
  categories: string[];
}
export interface PersonalDataRectified {
  categories: string[];
  system: string;
  requestId?: string;
}
export interface ConsentGiven {
  purpose: string;
  categories?: string[];
  consentRef?: string;
}
export interface ConsentWithdrawn {
  purpose: string;
}
export interface ObjectionRecorded {
  purpose: string;
  requestId?: string;
  /** An objection to direct marketing (Art. 21(2)): absolute, whatever the legal basis. */
  directMarketing?: boolean;
}
/** Art. 21(1): the controller shows compelling legitimate grounds that override the objection (reasons sealed). */
export interface ObjectionOverridden {
  purpose: string;
  requestId?: string;
  reason: string;
}
export interface ServiceEnded {
  system: string;
  service?: string;
  allServices: boolean;
}
/** A service for the subject begins (or begins again): the account is in use (retention policy). */
export interface ServiceStarted {
  system: string;
  service?: string;
}
/** Art. 18: processing of these categories is restricted (stored only) from now on. */
export interface ProcessingRestricted {
  categories: string[];
  system: string;
  requestId?: string;
  ground?: RestrictionGround;
}
/** Art. 18(3): the restriction is lifted (the subject was told beforehand). */
export interface ProcessingRestrictionLifted {
  categories: string[];
  system: string;
  requestId?: string;
}
/** Art. 19: a recipient was told of a rectification or restriction. */
export interface RecipientNotifiedOfChange {
  recipientId: string;
  change: Exclude<CommunicatedChange, 'erasure'>;
  requestId?: string;
  categories?: string[];
}
/** Art. 19: telling a recipient proved impossible or would involve disproportionate effort (reasons sealed). */
export interface RecipientNotificationExempted {
  recipientId: string;
  change: CommunicatedChange;
  ground: NotificationExemption;
  reason: string;
  requestId?: string;
}
export interface DisclosedToAuthority {
  authority: string;
  categories: string[];
  legalGround: string;
  reference?: string;
}
export interface SubjectRequestReceived {
  requestId: string;
  right: SubjectRight;
  channel?: string;
  /** Art. 17(1): the ground of an erasure request. */
  ground?: ErasureRequestGround;
  /** Free text about the request: sealed with the subject's identity key, never stored in clear. */
  note?: string;
}
export interface SubjectRequestExtended {
  requestId: string;
  until: string;
  reason?: string;
}
export interface SubjectRequestRejected {
  requestId: string;
  reason?: string;
  /** The legal ground of the refusal (Art. 12(5), 12(2), 17(3)). */
  ground?: RejectionGround;
}
export interface RecipientNotifiedOfErasure {
  recipientId: string;
  requestId?: string;
  categories?: string[];
}
export interface SubjectDataShredded {
  keyGroups: KeyGroup[];
  categories?: string[];
  reason: ShredReason;
  requestId?: string;
}

export interface BreachDetected {
  awareAt: string;
  startedAt?: string;
  endedAt?: string;
  nature: BreachNature[];
  description: string;
  categories: string[];
  /** Art. 33(3)(a): the categories of data subjects (customers, employees, …). */
  subjectCategories?: string[];
  approxSubjects: number;
  approxRecords: number;
  ongoing: boolean;
  detectedBy?: string;
}
export interface BreachAssessed {
  risk: BreachRisk;
  consequences: string;
  measuresInPlace?: string;
  /** A revised extent, as a later assessment learns it. */
  approxSubjects?: number;
  approxRecords?: number;
  /** Ends an ongoing breach. */
  endedAt?: string;
  /** Revised categories of personal data concerned; replace the detected ones. */
  categories?: string[];
}
export interface BreachMeasuresTaken {
  measures: string;
  status: MeasureStatus;
}
export interface AuthorityNotified {
  authority: string;
  phase: NotificationPhase;
  reference?: string;
  delayReason?: string;
  /** Art. 33(4): what this phase could not yet say. */
  pendingInformation?: string;
}
export interface SubjectsNotified {
  channel: string;
  approxSubjects?: number;
  message?: string;
}
export interface SubjectNotificationExempted {
  ground: Art34Exemption;
  explanation: string;
  /** Art. 34(3)(c): the public communication made instead (where, when); the exemption needs it. */
  publicCommunication?: string;
}
export interface BreachClosed {
  summary?: string;
}

export interface RecipientRegistered {
  name: string;
  role: RecipientRole;
  country: string;
  safeguard?: TransferSafeguard;
  dpaReference?: string;
}
export type RecipientUpdated = Partial<RecipientRegistered>;

export interface ProcessingActivityDeclared {
  name: string;
  purposes: string[];
  legalBasis: LegalBasis;
  subjectCategories: string[];
  categories: string[];
  recipientIds?: string[];
  transfers?: Transfer[];
  retention: string;
  securityMeasures: string;
  systems?: string[];
}

/** The types of subject streams (`subject-<subjectId>`), with their data. */
export interface SubjectEventData {
  PersonalDataCollected: PersonalDataCollected;
  PersonalDataSharedWithProcessor: PersonalDataSharedWithProcessor;
  PersonalDataExported: PersonalDataExported;
  PersonalDataErased: PersonalDataErased;
  PersonalDataBreached: PersonalDataBreached;
  PersonalDataRectified: PersonalDataRectified;
  ConsentGiven: ConsentGiven;
  ConsentWithdrawn: ConsentWithdrawn;
  ObjectionRecorded: ObjectionRecorded;
  ObjectionOverridden: ObjectionOverridden;
  ServiceEnded: ServiceEnded;
  ServiceStarted: ServiceStarted;
  ProcessingRestricted: ProcessingRestricted;
  ProcessingRestrictionLifted: ProcessingRestrictionLifted;
  RecipientNotifiedOfChange: RecipientNotifiedOfChange;
  RecipientNotificationExempted: RecipientNotificationExempted;
  DisclosedToAuthority: DisclosedToAuthority;
  SubjectRequestReceived: SubjectRequestReceived;
  SubjectRequestExtended: SubjectRequestExtended;
  SubjectRequestRejected: SubjectRequestRejected;
  RecipientNotifiedOfErasure: RecipientNotifiedOfErasure;
  SubjectDataShredded: SubjectDataShredded;
}
/** The types of breach streams (`breach-<breachId>`). */
export interface BreachEventData {
  BreachDetected: BreachDetected;
  BreachAssessed: BreachAssessed;
  BreachMeasuresTaken: BreachMeasuresTaken;
  AuthorityNotified: AuthorityNotified;
  SubjectsNotified: SubjectsNotified;
  SubjectNotificationExempted: SubjectNotificationExempted;
  BreachClosed: BreachClosed;
}
/** The types of recipient streams (`recipient-<recipientId>`). */
export interface RecipientEventData {
  RecipientRegistered: RecipientRegistered;
  RecipientUpdated: RecipientUpdated;
}
/** The types of activity streams (`activity-<activityId>`). */
export interface ActivityEventData {
  ProcessingActivityDeclared: ProcessingActivityDeclared;
}

/** Type name → data shape: the catalog as types. The schema maps are checked against it (`satisfies`). */
export interface EventDataByType extends SubjectEventData, BreachEventData, RecipientEventData, ActivityEventData {}
export type LedgerEventType = keyof EventDataByType;
export type SubjectEventType = keyof SubjectEventData;
export type BreachEventType = keyof BreachEventData;
export type RecipientEventType = keyof RecipientEventData;
export type ActivityEventType = keyof ActivityEventData;

/**
 * An event as a decider decides and folds it: the catalog's discriminated union of `type` and
 * `data`, so `switch (event.type)` narrows `data` without casts (Emmett's typed events).
 */
export type NewFact<T extends LedgerEventType = LedgerEventType> = {
  [K in T]: { id: string; type: K; occurredAt: string; data: EventDataByType[K] };
}[T];

/** A fact as the read models see it: clear data plus business and ledger time, and its place in the log. */
export type LedgerEvent<T extends LedgerEventType = LedgerEventType> = {
  [K in T]: {
    id: string;
    type: K;
    data: EventDataByType[K];
    occurredAt: string;
    recordedAt: string;
    streamId: string;
    revision: number;
    position: number;
  };
}[T];
