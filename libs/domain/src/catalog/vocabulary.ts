/** The closed vocabularies of the v1 catalog (DESIGN.md). */
export const LEGAL_BASES = ['consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

export const DATA_SOURCES = ['data-subject', 'third-party', 'observed', 'derived'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];

export const TRANSFER_SAFEGUARDS = ['adequacy', 'dpf', 'scc', 'bcr', 'derogation', 'none'] as const;
export type TransferSafeguard = (typeof TRANSFER_SAFEGUARDS)[number];

export const EXPORT_RIGHTS = ['access', 'portability'] as const;
export type ExportRight = (typeof EXPORT_RIGHTS)[number];

export const SUBJECT_RIGHTS = ['access', 'portability', 'erasure', 'rectification', 'restriction', 'objection'] as const;
export type SubjectRight = (typeof SUBJECT_RIGHTS)[number];

export const ERASURE_GROUNDS = ['subject-request', 'retention-expired', 'consent-withdrawn', 'unlawful', 'other'] as const;
export type ErasureGround = (typeof ERASURE_GROUNDS)[number];

export const BREACH_NATURES = ['confidentiality', 'integrity', 'availability'] as const;
export type BreachNature = (typeof BREACH_NATURES)[number];

export const BREACH_RISKS = ['unlikely', 'risk', 'high'] as const;
export type BreachRisk = (typeof BREACH_RISKS)[number];

export const NOTIFICATION_PHASES = ['initial', 'follow-up', 'final'] as const;
export type NotificationPhase = (typeof NOTIFICATION_PHASES)[number];

/** Art. 34(3): (a) data unintelligible, (b) later measures removed the high risk, (c) disproportionate effort. */
export const ART34_EXEMPTIONS = ['art34-3a', 'art34-3b', 'art34-3c'] as const;
export type Art34Exemption = (typeof ART34_EXEMPTIONS)[number];

export const MEASURE_STATUSES = ['taken', 'proposed'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export const RECIPIENT_ROLES = ['processor', 'sub-processor', 'controller', 'joint-controller', 'authority'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** Why the ledger shredded a subject's keys. */
export const SHRED_REASONS = ['erasure', 'retention-expired'] as const;
export type ShredReason = (typeof SHRED_REASONS)[number];

/** Art. 17(1)(a)–(f): the grounds on which a subject may ask for erasure (descriptions in erasure/erasure-grounds.ts). */
export const ERASURE_REQUEST_GROUNDS = ['art17-1a', 'art17-1b', 'art17-1c', 'art17-1d', 'art17-1e', 'art17-1f'] as const;
export type ErasureRequestGround = (typeof ERASURE_REQUEST_GROUNDS)[number];

/** Art. 18(1)(a)–(d): why processing is restricted (accuracy contested, unlawful, needed for claims, objection pending). */
export const RESTRICTION_GROUNDS = ['art18-1a', 'art18-1b', 'art18-1c', 'art18-1d'] as const;
export type RestrictionGround = (typeof RESTRICTION_GROUNDS)[number];

/** What Art. 19 has the controller pass on to recipients. */
export const COMMUNICATED_CHANGES = ['erasure', 'rectification', 'restriction'] as const;
export type CommunicatedChange = (typeof COMMUNICATED_CHANGES)[number];

/** Art. 19: why a recipient was not told — it proved impossible or would involve disproportionate effort. */
export const NOTIFICATION_EXEMPTIONS = ['impossible', 'disproportionate-effort'] as const;
export type NotificationExemption = (typeof NOTIFICATION_EXEMPTIONS)[number];

/**
 * Why a request is refused: Art. 12(5) (manifestly unfounded or excessive), Art. 11(2)/12(2)
 * (the subject cannot be identified), Art. 17(3)(a)–(e) (erasure: expression, legal obligation or
 * public task, public health, archiving and research, legal claims), Art. 21(1) compelling
 * grounds are ObjectionOverridden. An erasure request is answered by a refusal only on one of these.
 */
export const REJECTION_GROUNDS = ['art12-5', 'art12-2', 'art17-3a', 'art17-3b', 'art17-3c', 'art17-3d', 'art17-3e'] as const;
export type RejectionGround = (typeof REJECTION_GROUNDS)[number];
