import {
  DATA_SOURCES,
  ERASURE_GROUNDS,
  EXPORT_RIGHTS,
  LEGAL_BASES,
  SHRED_REASONS,
  SUBJECT_RIGHTS,
  TRANSFER_SAFEGUARDS,
} from '../vocabulary';
import { KEY_GROUPS } from '../../personal/key-groups';
import {
  JsonSchema,
  categories,
  country,
  dateOrInstant,
  freeText,
  label,
  list,
  oneOf,
  record,
} from './fragments';

const legalBasis = oneOf(LEGAL_BASES, 'Art. 6(1) legal basis');
const requestId = label('the data-subject request this answers');

export const SUBJECT_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  PersonalDataCollected: record(
    {
      categories: categories(),
      purpose: label(),
      legalBasis,
      source: oneOf(DATA_SOURCES),
      system: label('the system that holds the data'),
      retention: record(
        { until: dateOrInstant('keep until'), policy: label('named retention policy') },
        [],
        { minProperties: 1 },
      ),
    },
    ['categories', 'purpose', 'legalBasis', 'source', 'system'],
  ),
  PersonalDataSharedWithProcessor: record(
    {
      recipientId: label(),
      categories: categories(),
      purpose: label(),
      legalBasis,
      transfer: record({ country: country(), safeguard: oneOf(TRANSFER_SAFEGUARDS) }, [
        'country',
        'safeguard',
      ]),
    },
    ['recipientId', 'categories', 'purpose', 'legalBasis'],
  ),
  PersonalDataExported: record(
    { requestId, right: oneOf(EXPORT_RIGHTS), categories: categories(), format: label('e.g. json, csv') },
    ['requestId', 'right', 'categories', 'format'],
  ),
  PersonalDataErased: record(
    {
      requestId,
      ground: oneOf(ERASURE_GROUNDS),
      system: label(),
      categories: categories('the categories this system erased'),
      retained: list(
        record(
          { categories: categories(), legalGround: label('e.g. Art. 52 AWR fiscal duty'), until: dateOrInstant() },
          ['categories', 'legalGround', 'until'],
        ),
        'categories the system must keep, with the legal ground and until when',
      ),
    },
    ['ground', 'system', 'categories'],
  ),
  PersonalDataBreached: record({ breachId: label(), categories: categories() }, ['breachId', 'categories']),
  PersonalDataRectified: record(
    { categories: categories(), system: label(), requestId },
    ['categories', 'system'],
  ),
  ConsentGiven: record(
    { purpose: label(), categories: categories(), consentRef: label() },
    ['purpose'],
  ),
  ConsentWithdrawn: record({ purpose: label() }, ['purpose']),
  ObjectionRecorded: record({ purpose: label(), requestId }, ['purpose']),
  ServiceEnded: record(
    {
      system: label(),
      service: label('the service that ended'),
      allServices: { type: 'boolean', description: 'true when the subject has no service left' },
    },
    ['system', 'allServices'],
  ),
  DisclosedToAuthority: record(
    { authority: label(), categories: categories(), legalGround: label(), reference: label() },
    ['authority', 'categories', 'legalGround'],
  ),
  SubjectRequestReceived: record(
    { requestId, right: oneOf(SUBJECT_RIGHTS), channel: label() },
    ['requestId', 'right'],
  ),
  SubjectRequestExtended: record(
    { requestId, until: dateOrInstant('the extended deadline'), reason: freeText() },
    ['requestId', 'until', 'reason'],
  ),
  SubjectRequestRejected: record({ requestId, reason: freeText() }, ['requestId', 'reason']),
  RecipientNotifiedOfErasure: record(
    { recipientId: label(), requestId, categories: categories('categories the recipient was told about') },
    ['recipientId'],
  ),
  SubjectDataShredded: record(
    {
      keyGroups: list(oneOf(KEY_GROUPS)),
      categories: categories('categories whose personal fields are now unreadable'),
      reason: oneOf(SHRED_REASONS),
      requestId,
    },
    ['keyGroups', 'reason'],
  ),
};
