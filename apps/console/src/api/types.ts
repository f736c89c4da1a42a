/** The shapes of the ledger's answers that the console reads (see /docs-json). */

export type Role = 'emitter' | 'dpo' | 'regulator' | 'admin';

export interface Me {
  keyId: string;
  name: string;
  role: Role;
  systems: string[];
}

export interface Finding {
  id: string;
  rule: string;
  article: string;
  status: 'open' | 'closed';
  subjectId?: string;
  breachId?: string;
  dueAt: string;
  summary: string;
  detail: Record<string, unknown>;
  overdue?: boolean;
}

export interface Recipient {
  recipientId: string;
  name?: string;
  role?: string;
  country?: string;
  outsideEea?: boolean;
  safeguard?: string;
  dpaReference?: string;
  registeredAt?: string;
  updatedAt?: string;
}

export interface DataMapEntry {
  category: string;
  status: 'held' | 'erased' | 'retained';
  purposes: string[];
  legalBases: string[];
  sources: string[];
  systems: string[];
  recipients: Recipient[];
  retentionUntil?: string;
  retainedUnder?: string;
  erasedAt?: string;
  breaches: string[];
}

export interface DataMap {
  subjectId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  categories: DataMapEntry[];
  shredded: { groups: string[]; at: string; reason: string }[];
  openFindings: Finding[];
}

export interface HistoryEvent {
  id: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  position: number;
  data: Record<string, unknown>;
  personal?: Record<string, unknown>;
  /** Absent on facts recorded before the ledger kept it. */
  recordedBy?: FactRecorder;
}

/** Who told the ledger a fact: an API key as it was then, or a process of the ledger. */
export type FactRecorder = { kind: 'key'; keyId: string; name: string; role: string } | { kind: 'ledger'; process: string };

export interface ErasureStatus {
  subjectId: string;
  state: string;
  requestId?: string;
  /** The Art. 17(1) ground the request gave. */
  ground?: { code: string; article: string; condition: string };
  /** The request's note: in clear while the subject's keys exist, "[erased]" after. */
  note?: string;
  startedAt?: string;
  awaitingSystems: string[];
  awaitingRecipients: string[];
  shreddedGroups: string[];
  retainedGroups: { group: string; until: string }[];
}

export interface AuditEntry {
  id: number;
  at: string;
  keyId: string;
  keyName: string;
  role: Role;
  subjectId: string;
  purpose: string;
  route: string;
}

export interface NotificationPhase {
  at: string;
  authority: string;
  phase: string;
  reference?: string;
  delayReason?: string;
  hoursAfterAwareness?: number;
}

export interface Breach {
  breachId: string;
  status: 'open' | 'closed';
  facts?: {
    awareAt: string;
    startedAt?: string;
    endedAt?: string;
    ongoing?: boolean;
    description?: string;
    subjectCategories?: string[];
    approxSubjects?: number;
    approxRecords?: number;
    nature?: string[];
    categories?: string[];
    linkedSubjects?: number;
  };
  effects?: { risk?: string; consequences?: string; measuresInPlace?: string; assessedAt?: string };
  remedialAction: { at: string; measures: string; status: string }[];
  authorityNotification: {
    required: boolean;
    dueAt?: string;
    hoursLeft?: number;
    notifiedAt?: string;
    hoursAfterAwareness?: number;
    inTime?: boolean;
    delayReason?: string;
    phases: NotificationPhase[];
  };
  subjectCommunication: {
    required: boolean;
    notifiedAt?: string;
    channel?: string;
    exemption?: { at: string; ground: string; explanation: string };
  };
  closedAt?: string;
  findings?: Finding[];
}

export interface Contact {
  name?: string;
  email?: string;
  phone?: string;
}

export interface BreachSummary {
  breachId: string;
  generatedAt: string;
  notification: {
    type: string;
    notifiable?: boolean;
    status: string;
    supervisoryAuthority?: { id: string; name: string; country?: string };
    dueAt?: string;
    hoursLeft?: number;
    late?: boolean;
    notifiedAt?: string;
    hoursAfterAwareness?: number;
    delayReason?: string;
    phases: NotificationPhase[];
  };
  controller?: { name: string; address?: string };
  dpo?: Contact;
  reporter?: Contact;
  nature: { types: string[]; description?: string; startedAt?: string; endedAt?: string; awareAt: string; ongoing?: boolean; durationHours?: number };
  affected: { subjectCategories?: string[]; approxSubjects?: number; approxRecords?: number; linkedSubjects?: number; dataCategories?: string[] };
  measuresInPlace?: { description?: string; generalSecurityMeasures?: string };
  consequences?: { risk?: string; description?: string; assessedAt?: string };
  measures?: { taken: { at: string; description: string }[]; proposed: { at: string; description: string }[] };
  subjectCommunication: {
    required: boolean;
    status: string;
    notifiedAt?: string;
    channel?: string;
    exemption?: { ground: string; article?: string; explanation?: string };
  };
  closure?: { closedAt: string };
}

export interface SignedSummary {
  summary: BreachSummary;
  signature: { algorithm: string; keyId: string; value: string };
}

export interface Activity {
  activityId: string;
  name: string;
  declaredAt?: string;
  purposes: string[];
  legalBasis: string;
  subjectCategories: string[];
  dataCategories: string[];
  recipients: RecordRecipient[];
  transfers: { country: string; safeguard?: string; recipientId?: string; observed?: true; flag?: string }[];
  retention: string;
  securityMeasures: string;
  systems: string[];
  observedBeyondDeclaration?: { categories: string[]; recipients: RecordRecipient[] };
}

/** A recipient in the Art. 30 record: its country and safeguard as shares stated them or the register says; `flag` when outside the EEA without a safeguard. */
export interface RecordRecipient extends Recipient {
  flag?: string;
}

export interface RecordOfProcessing {
  controller?: { name: string; address?: string; dpo?: Contact; supervisoryAuthority?: { id: string; name: string } };
  generatedAt: string;
  activities: Activity[];
  undeclaredProcessing: { purpose: string; systems: string[]; categories: string[]; events: number; recipients: RecordRecipient[] }[];
  /** More undeclared processing follows (`?cursor=`). */
  next?: string;
}

export interface SignedDigest {
  digest: { format: string; position: number; streams: number; root: string; issuedAt: string };
  signature: { algorithm: string; keyId: string; value: string };
}

export interface SigningKey {
  algorithm: string;
  keyId: string;
  publicKeyPem: string;
  publicKeyBase64: string;
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  systems: string[];
  createdAt: string;
  revokedAt?: string;
}

/** A subject request in the DSR register (issue 15's GET /v1/requests). */
export interface SubjectRequest {
  requestId: string;
  subjectId: string;
  right: string;
  receivedAt: string;
  dueAt: string;
  extendedUntil?: string;
  /** Shown to DPO keys: the reason given for the extension ("[erased]" once the subject is shredded). */
  extensionReason?: string;
  answeredAt?: string;
  /** The fact that answered it. */
  answeredBy?: { type: string; eventId?: string };
  status: 'open' | 'answered' | 'answered-late' | 'rejected' | 'overdue';
}

/** GET /health/ready; with a dpo or admin key also the log head and where each read model stands. */
export interface Readiness {
  status: 'ready' | 'degraded' | 'not-ready';
  head?: number | null;
  readModels?: { name: string; position: number; lag?: number; caughtUp: boolean; error?: string; quarantined?: number }[];
}

/** GET /v1/overview: counts made by the ledger, at its clock. */
export interface OverviewCounts {
  now: string;
  findings: { open: number; byDue: Record<'overdue' | 'within72h' | 'later', number>; byRule: Record<string, number> };
  /** Open breaches whose Art. 33 clock runs, and the first of them by deadline. */
  breaches: { awaitingNotification: number; soonestDue: Breach[] };
  ingest: { lastDay: number | null };
}
