import { v5 as uuidv5 } from 'uuid';

/**
 * The HostingHuis scenario of DOMAIN.md as facts for POST /v1/events/batch, in the order the
 * services would send them. Event ids are derived from names, so replaying is idempotent.
 * Read with LEDGER_NOW=2026-11-24T12:00:00Z.
 */
export const SCENARIO_NOW = '2026-11-24T12:00:00Z';

const NAMESPACE = '6f1d9a52-7c8e-4b7a-9d0e-2a1b3c4d5e6f';
export const scenarioEventId = (name: string) => uuidv5(name, NAMESPACE);

type Fact = Record<string, unknown>;
const portal = (externalId: string) => ({ system: 'customer-portal', externalId });

const CUSTOMER_DATA = {
  categories: [
    'user.name',
    'user.contact.address',
    'user.contact.address.city',
    'user.contact.address.postal_code',
    'user.contact.phone_number',
    'user.contact.email',
  ],
  purpose: 'service',
  legalBasis: 'contract',
  source: 'data-subject',
  system: 'customer-portal',
};
const LOGIN_DATA = {
  categories: ['user.device.ip_address', 'custom.device.browser_type', 'custom.device.device_type'],
  purpose: 'security',
  legalBasis: 'legitimate-interests',
  source: 'observed',
  system: 'customer-portal',
};
const OPENPROVIDER_SHARE = {
  recipientId: 'openprovider',
  categories: ['user.name', 'user.contact.address', 'user.contact.email', 'user.contact.phone_number'],
  purpose: 'domain-registration',
  legalBasis: 'contract',
  transfer: { country: 'US', safeguard: 'scc' },
};
const CPANEL_SHARE = {
  recipientId: 'cpanel',
  categories: ['user.name', 'user.contact.email'],
  purpose: 'hosting',
  legalBasis: 'contract',
  transfer: { country: 'US', safeguard: 'dpf' },
};
const INVOICE_CATEGORIES = ['user.financial', 'user.financial.bank_account'];

function subjectFact(name: string, type: string, occurredAt: string, externalId: string, data: Fact, personal?: Fact): Fact {
  return { id: scenarioEventId(name), type, occurredAt, subject: portal(externalId), data, ...(personal ? { personal } : {}) };
}

const fact = (name: string, type: string, occurredAt: string, reference: Fact, data: Fact): Fact => ({
  id: scenarioEventId(name),
  type,
  occurredAt,
  ...reference,
  data,
});

const customer = (n: string) => ({
  name: `Klant ${n}`,
  address: `Dorpsstraat ${n}`,
  city: 'Utrecht',
  postcode: '3511 AA',
  phone: `+31 6 1234 ${n}`,
  email: `klant${n}@example.nl`,
});

export const REGISTERS: Fact[] = [
  fact(
    'reg/openprovider',
    'RecipientRegistered',
    '2023-01-01T00:00:00Z',
    { recipientId: 'openprovider' },
    { name: 'Openprovider', role: 'processor', country: 'US', safeguard: 'scc', dpaReference: 'DPA-OP-2022' },
  ),
  fact(
    'reg/cpanel',
    'RecipientRegistered',
    '2023-01-01T00:00:00Z',
    { recipientId: 'cpanel' },
    { name: 'cPanel, L.L.C.', role: 'processor', country: 'US', safeguard: 'dpf' },
  ),
  fact(
    'reg/google-analytics',
    'RecipientRegistered',
    '2023-01-01T00:00:00Z',
    { recipientId: 'google-analytics' },
    { name: 'Google Analytics', role: 'processor', country: 'US', safeguard: 'dpf' },
  ),
  fact(
    'reg/incasso-bv',
    'RecipientRegistered',
    '2023-01-01T00:00:00Z',
    { recipientId: 'incasso-bv' },
    { name: 'Incasso B.V.', role: 'controller', country: 'NL' },
  ),
  fact(
    'reg/nl-ap',
    'RecipientRegistered',
    '2023-01-01T00:00:00Z',
    { recipientId: 'nl-ap' },
    { name: 'Autoriteit Persoonsgegevens', role: 'authority', country: 'NL' },
  ),
  fact(
    'act/customer-accounts',
    'ProcessingActivityDeclared',
    '2023-01-01T00:00:00Z',
    { activityId: 'customer-accounts' },
    {
      name: 'Customer accounts and hosting services',
      purposes: ['service', 'domain-registration', 'hosting'],
      legalBasis: 'contract',
      subjectCategories: ['customers'],
      categories: [...CUSTOMER_DATA.categories],
      recipientIds: ['openprovider', 'cpanel'],
      transfers: [
        { country: 'US', safeguard: 'scc' },
        { country: 'US', safeguard: 'dpf' },
      ],
      retention: 'account deleted two years after the last service ended',
      securityMeasures: 'TLS; access limited to staff who need it',
      systems: ['customer-portal'],
    },
  ),
  fact(
    'act/invoicing',
    'ProcessingActivityDeclared',
    '2023-01-01T00:00:00Z',
    { activityId: 'invoicing' },
    {
      name: 'Invoicing and payment',
      purposes: ['invoicing', 'debt-collection'],
      legalBasis: 'legal-obligation',
      subjectCategories: ['customers'],
      categories: INVOICE_CATEGORIES,
      recipientIds: ['incasso-bv'],
      retention: 'invoices kept offline for 7 years (Art. 52 AWR)',
      securityMeasures: 'offline financial administration',
      systems: ['customer-portal'],
    },
  ),
  fact(
    'act/security',
    'ProcessingActivityDeclared',
    '2023-01-01T00:00:00Z',
    { activityId: 'security-logging' },
    {
      name: 'Security of the customer portal',
      purposes: ['security'],
      legalBasis: 'legitimate-interests',
      subjectCategories: ['customers'],
      categories: LOGIN_DATA.categories,
      retention: 'from login to logout',
      securityMeasures: 'log files encrypted, read access restricted',
      systems: ['customer-portal'],
    },
  ),
  fact(
    'act/statistics',
    'ProcessingActivityDeclared',
    '2023-01-01T00:00:00Z',
    { activityId: 'website-statistics' },
    {
      name: 'Website statistics',
      purposes: ['statistics'],
      legalBasis: 'legitimate-interests',
      subjectCategories: ['website visitors'],
      categories: ['user.device.ip_address'],
      recipientIds: ['google-analytics'],
      transfers: [{ country: 'US', safeguard: 'dpf' }],
      retention: 'anonymous statistics',
      securityMeasures: 'IP addresses anonymised',
    },
  ),
];

export const C1001: Fact[] = [
  subjectFact('C-1001/signup', 'PersonalDataCollected', '2024-03-01T10:00:00Z', 'C-1001', CUSTOMER_DATA, customer('1001')),
  subjectFact('C-1001/login', 'PersonalDataCollected', '2024-03-01T10:05:00Z', 'C-1001', LOGIN_DATA, {
    ip: '192.0.2.101',
    browserType: 'Firefox',
    deviceType: 'laptop',
  }),
  subjectFact('C-1001/openprovider', 'PersonalDataSharedWithProcessor', '2024-03-02T09:00:00Z', 'C-1001', OPENPROVIDER_SHARE),
  subjectFact('C-1001/cpanel', 'PersonalDataSharedWithProcessor', '2024-03-02T09:05:00Z', 'C-1001', CPANEL_SHARE),
  subjectFact('C-1001/objection', 'ObjectionRecorded', '2024-04-15T12:00:00Z', 'C-1001', { purpose: 'marketing' }),
  subjectFact('C-1001/mailing', 'PersonalDataCollected', '2024-05-01T08:00:00Z', 'C-1001', {
    categories: ['user.contact.email'],
    purpose: 'marketing',
    legalBasis: 'legitimate-interests',
    source: 'derived',
    system: 'mailer',
  }),
  subjectFact('C-1001/access', 'SubjectRequestReceived', '2024-09-10T09:00:00Z', 'C-1001', { requestId: 'R-1001-1', right: 'access', channel: 'e-mail' }),
  subjectFact('C-1001/export', 'PersonalDataExported', '2024-09-20T09:00:00Z', 'C-1001', {
    requestId: 'R-1001-1',
    right: 'access',
    categories: [...CUSTOMER_DATA.categories, ...LOGIN_DATA.categories],
    format: 'json',
  }),
  subjectFact('C-1001/ended', 'ServiceEnded', '2025-01-31T23:59:00Z', 'C-1001', { system: 'customer-portal', service: 'all', allServices: true }),
  subjectFact('C-1001/breach', 'PersonalDataBreached', '2025-06-10T14:00:00Z', 'C-1001', {
    breachId: 'B-2025-01',
    categories: ['user.contact.email', 'user.name', 'user.contact.phone_number'],
  }),
];

export const C1002: Fact[] = [
  subjectFact('C-1002/signup', 'PersonalDataCollected', '2023-05-01T10:00:00Z', 'C-1002', CUSTOMER_DATA, customer('1002')),
  subjectFact('C-1002/login', 'PersonalDataCollected', '2023-05-01T10:05:00Z', 'C-1002', LOGIN_DATA, {
    ip: '198.51.100.7',
    browserType: 'Safari',
    deviceType: 'phone',
  }),
  subjectFact(
    'C-1002/invoice',
    'PersonalDataCollected',
    '2023-05-31T00:00:00Z',
    'C-1002',
    {
      categories: INVOICE_CATEGORIES,
      purpose: 'invoicing',
      legalBasis: 'legal-obligation',
      source: 'data-subject',
      system: 'customer-portal',
      retention: { until: '2032-12-31', policy: 'awr-52-7y' },
    },
    { iban: 'NL91ABNA0417164300', invoiceName: 'Klant 1002', invoiceAddress: 'Dorpsstraat 1002, Utrecht' },
  ),
  subjectFact('C-1002/openprovider', 'PersonalDataSharedWithProcessor', '2023-05-02T09:00:00Z', 'C-1002', OPENPROVIDER_SHARE),
  subjectFact('C-1002/cpanel', 'PersonalDataSharedWithProcessor', '2023-05-02T09:05:00Z', 'C-1002', CPANEL_SHARE),
  subjectFact('C-1002/ended', 'ServiceEnded', '2025-01-15T12:00:00Z', 'C-1002', { system: 'customer-portal', service: 'all', allServices: true }),
  subjectFact('C-1002/erasure-request', 'SubjectRequestReceived', '2025-02-03T10:00:00Z', 'C-1002', {
    requestId: 'R-1002-1',
    right: 'erasure',
    channel: 'support-ticket',
  }),
  subjectFact('C-1002/erased', 'PersonalDataErased', '2025-02-10T10:00:00Z', 'C-1002', {
    requestId: 'R-1002-1',
    ground: 'subject-request',
    system: 'customer-portal',
    categories: [...CUSTOMER_DATA.categories, ...LOGIN_DATA.categories],
    retained: [{ categories: INVOICE_CATEGORIES, legalGround: 'Art. 52 AWR: fiscal retention of invoices', until: '2032-12-31' }],
  }),
  subjectFact('C-1002/openprovider-told', 'RecipientNotifiedOfErasure', '2025-02-11T10:00:00Z', 'C-1002', {
    recipientId: 'openprovider',
    requestId: 'R-1002-1',
  }),
];

/** cpanel is told last, closing C-1002's Art. 19 finding: not part of the state DOMAIN.md describes. */
export const C1002_CPANEL_TOLD = subjectFact('C-1002/cpanel-told', 'RecipientNotifiedOfErasure', '2026-11-24T11:00:00Z', 'C-1002', {
  recipientId: 'cpanel',
  requestId: 'R-1002-1',
});

export const C1003: Fact[] = [
  subjectFact(
    'C-1003/signup',
    'PersonalDataCollected',
    '2022-09-01T10:00:00Z',
    'C-1003',
    { ...CUSTOMER_DATA, categories: ['user.name', 'user.contact.email'] },
    { name: 'Klant 1003', email: 'klant1003@example.nl' },
  ),
  subjectFact('C-1003/ended', 'ServiceEnded', '2024-06-30T12:00:00Z', 'C-1003', { system: 'customer-portal', service: 'all', allServices: true }),
];

export const C1004: Fact[] = [
  subjectFact(
    'C-1004/signup',
    'PersonalDataCollected',
    '2025-03-01T10:00:00Z',
    'C-1004',
    { ...CUSTOMER_DATA, categories: ['user.name', 'user.contact.email'] },
    { name: 'Klant 1004', email: 'klant1004@example.nl' },
  ),
  subjectFact('C-1004/portability', 'SubjectRequestReceived', '2026-09-30T10:00:00Z', 'C-1004', {
    requestId: 'R-1004-1',
    right: 'portability',
    channel: 'customer-portal',
  }),
];

const breach = (id: string) => ({ breachId: id });

export const BREACHES: Fact[] = [
  fact('B-2025-01/detected', 'BreachDetected', '2025-06-10T14:00:00Z', breach('B-2025-01'), {
    awareAt: '2025-06-10T14:00:00Z',
    startedAt: '2025-06-09T07:00:00Z',
    endedAt: '2025-06-10T16:00:00Z',
    nature: ['confidentiality'],
    description: 'Phishing e-mails imitating the customer portal collected customer log-ins; contact details were read from the accounts.',
    categories: ['user.contact.email', 'user.name', 'user.contact.phone_number'],
    subjectCategories: ['customers'],
    approxSubjects: 1200,
    approxRecords: 1200,
    ongoing: false,
    detectedBy: 'security team',
  }),
  fact('B-2025-01/assessed', 'BreachAssessed', '2025-06-11T09:00:00Z', breach('B-2025-01'), {
    risk: 'high',
    consequences: 'Further phishing and identity fraud against the customers concerned.',
    measuresInPlace: 'TLS; passwords stored hashed',
  }),
  fact('B-2025-01/measures', 'BreachMeasuresTaken', '2025-06-11T12:00:00Z', breach('B-2025-01'), {
    measures: 'Passwords reset, phishing domain taken down, two-factor log-in enforced.',
    status: 'taken',
  }),
  fact('B-2025-01/ap', 'AuthorityNotified', '2025-06-12T10:00:00Z', breach('B-2025-01'), {
    authority: 'nl-ap',
    phase: 'initial',
    reference: 'AP-2025-0612-01',
  }),
  fact('B-2025-01/subjects', 'SubjectsNotified', '2025-06-13T09:00:00Z', breach('B-2025-01'), { channel: 'email', approxSubjects: 1200 }),
  fact('B-2025-01/closed', 'BreachClosed', '2025-07-01T09:00:00Z', breach('B-2025-01'), { summary: 'Notified in time; measures effective.' }),

  fact('B-2025-02/detected', 'BreachDetected', '2025-08-01T09:00:00Z', breach('B-2025-02'), {
    awareAt: '2025-08-01T09:00:00Z',
    nature: ['confidentiality'],
    description: 'A support engineer lost a laptop; its disk is fully encrypted.',
    categories: ['user.name', 'user.contact.email'],
    subjectCategories: ['customers'],
    approxSubjects: 300,
    approxRecords: 300,
    ongoing: false,
  }),
  fact('B-2025-02/assessed', 'BreachAssessed', '2025-08-01T15:00:00Z', breach('B-2025-02'), {
    risk: 'unlikely',
    consequences: 'None expected: the data cannot be read without the key, which was not on the device.',
    measuresInPlace: 'full-disk encryption (AES-256)',
  }),
  fact('B-2025-02/exempted', 'SubjectNotificationExempted', '2025-08-01T15:30:00Z', breach('B-2025-02'), {
    ground: 'art34-3a',
    explanation: 'The data is unintelligible to anyone without the disk key.',
  }),
  fact('B-2025-02/closed', 'BreachClosed', '2025-08-05T09:00:00Z', breach('B-2025-02'), { summary: 'Documented only; not notifiable.' }),

  fact('B-2025-03/detected', 'BreachDetected', '2025-10-01T08:00:00Z', breach('B-2025-03'), {
    awareAt: '2025-10-01T08:00:00Z',
    startedAt: '2025-09-20T00:00:00Z',
    endedAt: '2025-10-01T09:00:00Z',
    nature: ['confidentiality'],
    description: 'A backup bucket with portal IP logs was publicly readable.',
    categories: ['user.device.ip_address'],
    subjectCategories: ['customers', 'website visitors'],
    approxSubjects: 5000,
    approxRecords: 40000,
    ongoing: false,
  }),
  fact('B-2025-03/assessed', 'BreachAssessed', '2025-10-02T08:00:00Z', breach('B-2025-03'), {
    risk: 'risk',
    consequences: 'IP addresses could be linked to customer log-ins.',
  }),
  fact('B-2025-03/measures', 'BreachMeasuresTaken', '2025-10-01T09:00:00Z', breach('B-2025-03'), {
    measures: 'Bucket made private; access logs reviewed.',
    status: 'taken',
  }),
  fact('B-2025-03/ap', 'AuthorityNotified', '2025-10-05T09:00:00Z', breach('B-2025-03'), {
    authority: 'nl-ap',
    phase: 'initial',
    reference: 'AP-2025-1005-07',
    delayReason: 'The extent of the exposed logs had to be established before the report could be made.',
  }),

  fact('B-2026-01/detected', 'BreachDetected', '2026-11-22T08:00:00Z', breach('B-2026-01'), {
    awareAt: '2026-11-22T08:00:00Z',
    nature: ['availability', 'confidentiality'],
    description: 'Ransomware on a support server.',
    categories: ['user.name', 'user.contact.email'],
    subjectCategories: ['customers'],
    approxSubjects: 50,
    approxRecords: 50,
    ongoing: true,
  }),
  fact('B-2026-01/assessed', 'BreachAssessed', '2026-11-22T16:00:00Z', breach('B-2026-01'), {
    risk: 'risk',
    consequences: 'Customer contact details may have been copied.',
  }),
];

/**
 * Everything DOMAIN.md describes, in sending order: the registers and the DPO's breach register
 * first, since a subject's PersonalDataBreached may only name a breach already recorded.
 */
export const HOSTINGHUIS_SCENARIO: Fact[] = [...REGISTERS, ...BREACHES, ...C1001, ...C1002, ...C1003, ...C1004];
