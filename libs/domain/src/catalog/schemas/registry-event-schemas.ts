import { LEGAL_BASES, RECIPIENT_ROLES, TRANSFER_SAFEGUARDS } from '../vocabulary';
import { JsonSchema, categories, country, freeText, label, list, oneOf, record } from './fragments';

const recipientFields = {
  name: label(),
  role: oneOf(RECIPIENT_ROLES),
  country: country(),
  safeguard: oneOf(TRANSFER_SAFEGUARDS, 'Chapter V safeguard for transfers outside the EEA'),
  dpaReference: label('data processing agreement reference'),
};

export const REGISTRY_EVENT_SCHEMAS: Record<string, JsonSchema> = {
  RecipientRegistered: record(recipientFields, ['name', 'role', 'country']),
  RecipientUpdated: record(recipientFields, [], { minProperties: 1 }),
  ProcessingActivityDeclared: record(
    {
      name: label(),
      purposes: list(label()),
      legalBasis: oneOf(LEGAL_BASES),
      subjectCategories: list(label(), 'categories of data subjects, e.g. customers'),
      categories: categories(),
      recipientIds: { type: 'array', maxItems: 200, items: label() },
      transfers: {
        type: 'array',
        maxItems: 200,
        items: record({ country: country(), safeguard: oneOf(TRANSFER_SAFEGUARDS) }, ['country', 'safeguard']),
      },
      retention: freeText('envisaged time limits for erasure'),
      securityMeasures: freeText('general description of technical and organisational measures'),
      systems: { type: 'array', maxItems: 200, items: label() },
    },
    ['name', 'purposes', 'legalBasis', 'subjectCategories', 'categories', 'retention', 'securityMeasures'],
  ),
};
