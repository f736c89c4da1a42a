import type { ActivityEventType, RecipientEventType } from '../event-data';
import { LEGAL_BASES, RECIPIENT_ROLES, TRANSFER_SAFEGUARDS } from '../vocabulary';
import { JsonSchema, categories, country, freeText, identifier, list, oneOf, record, streamRef, textLabel } from './fragments';

const recipientFields = {
  name: textLabel('e.g. cPanel, L.L.C.'),
  role: oneOf(RECIPIENT_ROLES),
  country: country(),
  safeguard: oneOf(TRANSFER_SAFEGUARDS, 'Chapter V safeguard for transfers outside the EEA'),
  dpaReference: identifier('data processing agreement reference'),
};

export const REGISTRY_EVENT_SCHEMAS = {
  RecipientRegistered: record(recipientFields, ['name', 'role', 'country']),
  RecipientUpdated: record(recipientFields, [], { minProperties: 1 }),
  ProcessingActivityDeclared: record(
    {
      name: textLabel(),
      purposes: list(identifier('a purpose as the subject events name it')),
      legalBasis: oneOf(LEGAL_BASES),
      subjectCategories: list(textLabel(), 'categories of data subjects, e.g. customers'),
      categories: categories(),
      recipientIds: { type: 'array', maxItems: 200, items: streamRef() },
      transfers: {
        type: 'array',
        maxItems: 200,
        items: record({ country: country(), safeguard: oneOf(TRANSFER_SAFEGUARDS) }, ['country', 'safeguard']),
      },
      retention: freeText('envisaged time limits for erasure'),
      securityMeasures: freeText('general description of technical and organisational measures'),
      systems: { type: 'array', maxItems: 200, items: identifier() },
    },
    ['name', 'purposes', 'legalBasis', 'subjectCategories', 'categories', 'retention', 'securityMeasures'],
  ),
} satisfies Record<RecipientEventType | ActivityEventType, JsonSchema>;
