import type { KeyGroup } from '../personal/key-groups';
import type {
  Art34Exemption,
  BreachNature,
  BreachRisk,
  DataSource,
  ErasureGround,
  ExportRight,
  LegalBasis,
  MeasureStatus,
  NotificationPhase,
  RecipientRole,
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
}
export interface PersonalDataSharedWithProcessor {
  recipientId: string;
  categories: string[];
  purpose: string;
  legalBasis: LegalBasis;
  transfer?: Transfer;
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
}
export interface ServiceEnded {
  system: string;
  service?: string;
  allServices: boolean;
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
}
export interface SubjectRequestExtended {
  requestId: string;
  until: string;
  reason?: string;
}
export interface SubjectRequestRejected {
  requestId: string;
  reason?: string;
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

/** Type name → data shape, for narrowing on `event.type`. */
export interface EventDataByType {
  PersonalDataCollected: PersonalDataCollected;
  PersonalDataSharedWithProcessor: PersonalDataSharedWithProcessor;
  PersonalDataExported: PersonalDataExported;
  PersonalDataErased: PersonalDataErased;
  PersonalDataBreached: PersonalDataBreached;
  PersonalDataRectified: PersonalDataRectified;
  ConsentGiven: ConsentGiven;
  ConsentWithdrawn: ConsentWithdrawn;
  ObjectionRecorded: ObjectionRecorded;
  ServiceEnded: ServiceEnded;
  DisclosedToAuthority: DisclosedToAuthority;
  SubjectRequestReceived: SubjectRequestReceived;
  SubjectRequestExtended: SubjectRequestExtended;
  SubjectRequestRejected: SubjectRequestRejected;
  RecipientNotifiedOfErasure: RecipientNotifiedOfErasure;
  SubjectDataShredded: SubjectDataShredded;
  BreachDetected: BreachDetected;
  BreachAssessed: BreachAssessed;
  BreachMeasuresTaken: BreachMeasuresTaken;
  AuthorityNotified: AuthorityNotified;
  SubjectsNotified: SubjectsNotified;
  SubjectNotificationExempted: SubjectNotificationExempted;
  BreachClosed: BreachClosed;
  RecipientRegistered: RecipientRegistered;
  RecipientUpdated: RecipientUpdated;
  ProcessingActivityDeclared: ProcessingActivityDeclared;
}
export type LedgerEventType = keyof EventDataByType;

/** A fact as the domain sees it: clear data plus business and ledger time. */
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
