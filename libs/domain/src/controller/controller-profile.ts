import Ajv from 'ajv';
import { isCountryCode } from '../geo/countries';
import { isTimeZone } from '../time/local-time';

/** The data controller as regulators need to see it (Art. 30(1)(a), Art. 33(3)(b)). */
export interface ControllerProfile {
  name: string;
  address: string;
  registration?: string;
  contact: { email: string; phone?: string };
  dpo: { name: string; email: string; phone?: string };
  /** Who reports breaches to the supervisory authority (the EDPB template's "reporter"); else the controller's contact. */
  reporter?: { name: string; email: string; phone?: string };
  representative?: { name: string; address: string; email?: string };
  supervisoryAuthority: { id: string; name: string; country: string; url?: string; notificationChannel?: string };
  /** Art. 30(1)(g): a general description of the technical and organisational security measures. */
  securityMeasures?: string;
  /** IANA time zone in which the controller's deadlines are counted (Art. 12(3) via Reg. 1182/71), e.g. Europe/Amsterdam; default UTC. */
  timeZone?: string;
  /** The member state whose public holidays end periods (ISO code); default the supervisory authority's country. */
  memberState?: string;
  /** The language of documents when the reader asks for none (`?lang=`, Accept-Language): `nl` or `en` (default). */
  language?: DocumentLanguage;
}

/** The languages the ledger writes its documents, CSV headers and finding summaries in. */
export const DOCUMENT_LANGUAGES = ['en', 'nl'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

const text = { type: 'string', minLength: 1, maxLength: 500 };
const contact = (required: string[]) => ({
  type: 'object',
  properties: { name: text, email: text, phone: text, address: text },
  required,
  additionalProperties: false,
});

const SCHEMA = {
  type: 'object',
  properties: {
    name: text,
    address: text,
    registration: text,
    contact: contact(['email']),
    dpo: contact(['name', 'email']),
    reporter: contact(['name', 'email']),
    representative: contact(['name', 'address']),
    supervisoryAuthority: {
      type: 'object',
      properties: { id: text, name: text, country: { type: 'string', format: 'country' }, url: text, notificationChannel: text },
      required: ['id', 'name', 'country'],
      additionalProperties: false,
    },
    securityMeasures: { type: 'string', minLength: 1, maxLength: 4000 },
    language: { enum: DOCUMENT_LANGUAGES },
    timeZone: { type: 'string', format: 'time-zone' },
    memberState: { type: 'string', format: 'country' },
  },
  required: ['name', 'address', 'contact', 'dpo', 'supervisoryAuthority'],
  additionalProperties: false,
};

const validate = new Ajv({ allErrors: true }).addFormat('country', isCountryCode).addFormat('time-zone', isTimeZone).compile(SCHEMA);

/** Problems with a controller profile, one line each; empty when it is usable. */
export function controllerProfileProblems(profile: unknown): string[] {
  if (validate(profile)) return [];
  return validate.errors!.map(
    (e) => `${e.instancePath || '(profile)'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${e.params.additionalProperty}` : ''}`,
  );
}
