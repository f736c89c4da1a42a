import type { SubjectEventType } from '../event-data';
import {
  COMMUNICATED_CHANGES,
  DATA_SOURCES,
  NOTIFICATION_EXEMPTIONS,
  REJECTION_GROUNDS,
  RESTRICTION_GROUNDS,
  ERASURE_GROUNDS,
  ERASURE_REQUEST_GROUNDS,
  EXPORT_RIGHTS,
  LEGAL_BASES,
  SHRED_REASONS,
  SUBJECT_RIGHTS,
  TRANSFER_SAFEGUARDS,
} from '../vocabulary';
import { KEY_GROUPS } from '../../personal/key-groups';
import { JsonSchema, categories, country, dateOrInstant, freeText, identifier, list, oneOf, record, streamRef, textLabel } from './fragments';

const legalBasis = oneOf(LEGAL_BASES, 'Art. 6(1) legal basis');
const requestId = identifier('the data-subject request this answers');
const purpose = identifier('why the data is processed, e.g. service, newsletter');
const directMarketing = { type: 'boolean', description: 'the purpose is direct marketing: an objection to it is absolute (Art. 21(2)-(3))' };
const system = (description = 'the system that holds the data') => identifier(`${description}; defaults to subject.system`);

export const SUBJECT_EVENT_SCHEMAS = {
  PersonalDataCollected: record(
    {
      categories: categories(),
      purpose,
      legalBasis,
      source: oneOf(DATA_SOURCES),
      system: system(),
      retention: record({ until: dateOrInstant('keep until'), policy: identifier('named retention policy, e.g. awr-52-7y') }, [], { minProperties: 1 }),
      directMarketing,
    },
    ['categories', 'purpose', 'legalBasis', 'source'],
  ),
  PersonalDataSharedWithProcessor: record(
    {
      recipientId: streamRef('the recipient, as registered (recipient-<recipientId>)'),
      categories: categories(),
      purpose,
      legalBasis,
      transfer: record({ country: country(), safeguard: oneOf(TRANSFER_SAFEGUARDS) }, ['country', 'safeguard']),
      directMarketing,
    },
    ['recipientId', 'categories', 'purpose', 'legalBasis'],
  ),
  PersonalDataExported: record({ requestId, right: oneOf(EXPORT_RIGHTS), categories: categories(), format: identifier('e.g. json, csv') }, [
    'requestId',
    'right',
    'categories',
    'format',
  ]),
  PersonalDataErased: record(
    {
      requestId,
      ground: oneOf(ERASURE_GROUNDS),
      system: system('the system that erased'),
      categories: categories('the categories this system erased'),
      retained: list(
        record({ categories: categories(), legalGround: textLabel('e.g. Art. 52 AWR fiscal duty'), until: dateOrInstant() }, [
          'categories',
          'legalGround',
          'until',
        ]),
        'categories the system must keep, with the legal ground and until when',
      ),
    },
    ['ground', 'categories'],
  ),
  PersonalDataBreached: record({ breachId: streamRef('a breach whose BreachDetected is recorded'), categories: categories() }, ['breachId', 'categories']),
  PersonalDataRectified: record({ categories: categories(), system: system(), requestId }, ['categories']),
  ConsentGiven: record({ purpose, categories: categories(), consentRef: identifier('the consent record in the emitting system') }, ['purpose']),
  ConsentWithdrawn: record({ purpose }, ['purpose']),
  ObjectionRecorded: record({ purpose, requestId, directMarketing }, ['purpose']),
  ObjectionOverridden: record({ purpose, requestId, reason: freeText('sealed: the compelling legitimate grounds (Art. 21(1))') }, ['purpose', 'reason']),
  ServiceStarted: record({ system: system(), service: identifier('the service that started') }, []),
  ProcessingRestricted: record(
    {
      categories: categories('the categories now only stored (Art. 18)'),
      system: system(),
      requestId,
      ground: oneOf(RESTRICTION_GROUNDS, 'Art. 18(1) ground'),
    },
    ['categories'],
  ),
  ProcessingRestrictionLifted: record({ categories: categories(), system: system(), requestId }, ['categories']),
  RecipientNotifiedOfChange: record(
    {
      recipientId: streamRef('the recipient told'),
      change: oneOf(
        COMMUNICATED_CHANGES.filter((c) => c !== 'erasure'),
        'what it was told of (Art. 19)',
      ),
      requestId,
      categories: categories('categories the recipient was told about'),
    },
    ['recipientId', 'change'],
  ),
  RecipientNotificationExempted: record(
    {
      recipientId: streamRef('the recipient not told'),
      change: oneOf(COMMUNICATED_CHANGES, 'what it would have been told of'),
      ground: oneOf(NOTIFICATION_EXEMPTIONS, 'Art. 19: impossible, or disproportionate effort'),
      reason: freeText('sealed: why'),
      requestId,
    },
    ['recipientId', 'change', 'ground', 'reason'],
  ),
  ServiceEnded: record(
    {
      system: system(),
      service: identifier('the service that ended'),
      allServices: { type: 'boolean', description: 'true when the subject has no service left' },
    },
    ['allServices'],
  ),
  DisclosedToAuthority: record(
    {
      authority: textLabel('the authority, e.g. politie'),
      categories: categories(),
      legalGround: textLabel('sealed: readable only while the subject is not erased'),
      reference: identifier("sealed: the authority's case reference"),
    },
    ['authority', 'categories', 'legalGround'],
  ),
  SubjectRequestReceived: record(
    {
      requestId,
      right: oneOf(SUBJECT_RIGHTS),
      channel: identifier('how the request came in, e.g. e-mail, support-ticket'),
      ground: oneOf(
        ERASURE_REQUEST_GROUNDS,
        'Art. 17(1) ground of an erasure request: art17-1a (no longer necessary) … art17-1f (child, information society service)',
      ),
      note: freeText('sealed: free text about the request, readable only while the subject is not erased'),
    },
    ['requestId', 'right'],
  ),
  SubjectRequestExtended: record({ requestId, until: dateOrInstant('the extended deadline'), reason: freeText() }, ['requestId', 'until', 'reason']),
  SubjectRequestRejected: record(
    {
      requestId,
      reason: freeText(),
      ground: oneOf(REJECTION_GROUNDS, 'the legal ground: art12-5 (unfounded, excessive), art12-2 (not identified), art17-3a…e (erasure refused)'),
    },
    ['requestId', 'reason'],
  ),
  RecipientNotifiedOfErasure: record(
    { recipientId: streamRef('the recipient told'), requestId, categories: categories('categories the recipient was told about') },
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
} satisfies Record<SubjectEventType, JsonSchema>;
