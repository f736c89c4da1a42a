/**
 * The ledger's closed vocabularies, from the domain library itself (pure code, no I/O), so the
 * console's forms, filters and labels follow the catalog.
 */
export { FINDING_RULES } from '../../../libs/domain/src/findings/finding';
export {
  ART34_EXEMPTIONS,
  BREACH_NATURES,
  BREACH_RISKS,
  ERASURE_REQUEST_GROUNDS,
  MEASURE_STATUSES,
  NOTIFICATION_PHASES,
  SUBJECT_RIGHTS,
  TRANSFER_SAFEGUARDS,
} from '../../../libs/domain/src/catalog/vocabulary';

/** The event types a subject's history can be filtered by (the subject stream of the catalog). */
export const SUBJECT_EVENT_TYPES = [
  'PersonalDataCollected',
  'PersonalDataSharedWithProcessor',
  'PersonalDataExported',
  'PersonalDataErased',
  'PersonalDataBreached',
  'PersonalDataRectified',
  'ConsentGiven',
  'ConsentWithdrawn',
  'ObjectionRecorded',
  'ObjectionOverridden',
  'ServiceEnded',
  'ServiceStarted',
  'ProcessingRestricted',
  'ProcessingRestrictionLifted',
  'DisclosedToAuthority',
  'SubjectRequestReceived',
  'SubjectRequestExtended',
  'SubjectRequestRejected',
  'RecipientNotifiedOfErasure',
  'RecipientNotifiedOfChange',
  'RecipientNotificationExempted',
  'SubjectDataShredded',
] as const;

/** The facts a DPO records about a breach, in the order a breach usually goes. */
export const BREACH_EVENT_TYPES = [
  'BreachDetected',
  'BreachAssessed',
  'BreachMeasuresTaken',
  'AuthorityNotified',
  'SubjectsNotified',
  'SubjectNotificationExempted',
  'BreachClosed',
] as const;
export type BreachEventType = (typeof BREACH_EVENT_TYPES)[number];
