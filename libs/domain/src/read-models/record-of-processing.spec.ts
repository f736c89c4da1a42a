import type { ObservedProcessingRow } from './record-of-processing';
import { TRANSFER_WITHOUT_SAFEGUARD_FLAG as FLAG, recordOfProcessing } from './record-of-processing';

const row = (fields: Partial<ObservedProcessingRow>): ObservedProcessingRow => ({
  purpose: 'service',
  legalBasis: 'contract',
  system: '',
  recipientId: '',
  category: 'user.contact.email',
  country: '',
  safeguard: '',
  firstAt: '2025-01-01T00:00:00.000Z',
  lastAt: '2025-01-01T00:00:00.000Z',
  events: 1,
  ...fields,
});

const declaration = {
  name: 'Service',
  purposes: ['service'],
  legalBasis: 'contract' as const,
  subjectCategories: ['customers'],
  categories: ['user.contact.email'],
  recipientIds: ['us-dpf', 'cn-plain'],
  transfers: [
    { country: 'IN', safeguard: 'none' as const },
    { country: 'US', safeguard: 'dpf' as const },
  ],
  retention: '2 years',
  securityMeasures: 'encryption',
};

const register = [
  { recipientId: 'us-dpf', name: 'US with DPF', role: 'processor', country: 'US', safeguard: 'dpf', registeredAt: 'x' } as never,
  { recipientId: 'cn-plain', name: 'CN without safeguard', role: 'processor', country: 'CN' },
  { recipientId: 'ch-derogation', country: 'CH', safeguard: 'derogation' },
  { recipientId: 'de-host', country: 'DE' },
];

describe('recordOfProcessing: third countries (Art. 30(1)(d)-(e))', () => {
  const record = recordOfProcessing({
    controller: null,
    now: new Date('2026-01-01T00:00:00Z'),
    activities: [{ activityId: 'service', declaredAt: '2024-01-01T00:00:00.000Z', declaration }],
    recipients: register,
    observed: [
      row({ recipientId: 'us-dpf', country: 'CN', safeguard: 'none' }), // the share's statement wins over the register
      row({ recipientId: 'cn-plain' }), // no statement: the register's CN, no safeguard
      row({ purpose: 'support', recipientId: 'ch-derogation' }),
      row({ purpose: 'support', recipientId: 'de-host', category: 'user.name' }),
      row({ purpose: 'support', recipientId: 'unregistered' }),
      row({ purpose: 'support', system: 'crm' }),
    ],
    undeclared: [{ purpose: 'support', firstAt: '2025-01-01T00:00:00.000Z', lastAt: '2025-02-01T00:00:00.000Z', events: 3 }],
  });

  it("lists a declared activity's recipients from the register, flagging the one outside the EEA without a safeguard", () => {
    expect(record.activities[0].recipients).toEqual([
      { recipientId: 'cn-plain', name: 'CN without safeguard', role: 'processor', country: 'CN', outsideEea: true, flag: FLAG },
      { recipientId: 'us-dpf', name: 'US with DPF', role: 'processor', country: 'US', safeguard: 'dpf', outsideEea: true },
    ]);
  });

  it('lists declared and observed transfers, each flagged when it lacks a safeguard', () => {
    expect(record.activities[0].transfers).toEqual([
      { country: 'IN', safeguard: 'none', flag: FLAG },
      { country: 'US', safeguard: 'dpf' },
      { country: 'CN', safeguard: 'none', recipientId: 'cn-plain', observed: true, flag: FLAG },
      { country: 'CN', safeguard: 'none', recipientId: 'us-dpf', observed: true, flag: FLAG },
    ]);
  });

  it('lists the recipients of undeclared processing with country, outsideEea and safeguard, and its counts per fact', () => {
    expect(record.undeclaredProcessing).toEqual([
      {
        purpose: 'support',
        legalBases: ['contract'],
        systems: ['crm'],
        recipients: [
          { recipientId: 'ch-derogation', country: 'CH', safeguard: 'derogation', outsideEea: true },
          { recipientId: 'de-host', country: 'DE', outsideEea: false },
          { recipientId: 'unregistered' },
        ],
        categories: ['user.contact.email', 'user.name'],
        firstAt: '2025-01-01T00:00:00.000Z',
        lastAt: '2025-02-01T00:00:00.000Z',
        events: 3,
        flag: 'processing observed for a purpose no declared activity covers',
      },
    ]);
    expect(record.next).toBeUndefined();
  });
});
